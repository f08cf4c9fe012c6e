#include "kb/answer_cache.h"

#include <catch2/catch.hpp>

#include "kb/normalizer.h"

TEST_CASE("answer cache: a key costs at most 64 bytes however long the question", "[cache]") {
  // U+FDFA is one character that NFKC expands to 18: a 500-character question became a 27 KB key.
  std::string expanding;
  for (int i = 0; i < 500; ++i) expanding += "\xEF\xB7\xBA";
  std::string key = "n";
  key += kb::normalize_utf8(expanding);
  REQUIRE(key.size() > 10000);
  CHECK(kb::AnswerCache::stored_key(key).size() <= kb::AnswerCache::kMaxKeyBytes);
  CHECK(kb::AnswerCache::stored_key("r医保余额怎么查") == "r医保余额怎么查");
  CHECK(kb::AnswerCache::stored_key(key) != kb::AnswerCache::stored_key(key + "x"));

  kb::AnswerCache cache(10);
  auto value = std::make_shared<const kb::CachedAnswer>(kb::CachedAnswer{"{\"a\":1", ""});
  cache.put(key, value);
  CHECK(cache.get(key) == value);
  CHECK_FALSE(cache.get(key + "x"));
}
