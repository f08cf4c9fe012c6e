#include "conversation_memory.h"

#include <catch2/catch.hpp>

TEST_CASE("conversation memory: bounded, least recently used goes first, expires", "[context]") {
  faq::ConversationMemory memory(2, 60);
  memory.put("a", "ca", 100);
  memory.put("b", "cb", 100);
  CHECK(memory.get("a", 101) == "ca");  // a is now the most recent
  memory.put("c", "cc", 102);
  CHECK(memory.get("b", 102).empty());  // b was the least recent
  CHECK(memory.get("a", 102) == "ca");
  CHECK(memory.size() == 2);
  CHECK(memory.get("c", 200).empty());  // expired
}
