#include "answer_cache.h"

#include <catch2/catch.hpp>

#include "kb/normalizer.h"

TEST_CASE("answer cache: a key costs at most 64 bytes however long the question", "[cache]") {
  // U+FDFA is one character that NFKC expands to 18: a 500-character question became a 27 KB key.
  std::string expanding;
  for (int i = 0; i < 500; ++i) expanding += "\xEF\xB7\xBA";
  std::string key = "n";
  key += kb::normalize_utf8(expanding);
  REQUIRE(key.size() > 10000);
  CHECK(faq::AnswerCache::stored_key(key).size() <= faq::AnswerCache::kMaxKeyBytes);
  CHECK(faq::AnswerCache::stored_key("r医保余额怎么查") == "r医保余额怎么查");
  CHECK(faq::AnswerCache::stored_key(key) != faq::AnswerCache::stored_key(key + "x"));

  faq::AnswerCache cache(10);
  auto value = std::make_shared<const faq::CachedAnswer>(faq::CachedAnswer{"{\"a\":1", "", {}});
  cache.put(key, value);
  CHECK(cache.get(key) == value);
  CHECK_FALSE(cache.get(key + "x"));
}
