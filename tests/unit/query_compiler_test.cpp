#include "kb/query_compiler.h"

#include <catch2/catch.hpp>
#include <random>

#include "fixture.h"
#include "kb/text.h"

TEST_CASE("query compiler: exact MATCH expressions", "[query]") {
  using V = std::vector<std::string>;
  struct Row {
    V words;
    const char* match;
  };
  const Row rows[] = {
      {V{"医保", "余额"}, "\"医保\" OR \"余额\""},
      {V{"医保", "医保", ""}, "\"医保\""},  // duplicates and empty words are dropped
      {V{"a\"b"}, "\"a\"\"b\""},            // quotes are doubled
      {V{"AND", "NOT", "NEAR"}, "\"AND\" OR \"NOT\" OR \"NEAR\""},
      {V{"text:医保"}, "\"text:医保\""},
      {V{}, ""},
  };
  for (const auto& r : rows) CHECK(kb::compile_text_match(r.words) == r.match);
  CHECK(kb::compile_text_match(V{"a", "b", "c"}, 2) == "\"a\" OR \"b\"");
}

TEST_CASE("query compiler: compiled words run on the real FTS5 table", "[query]") {
  const auto& s = test::store();
  CHECK_FALSE(s.search_text(kb::compile_text_match({"医保", "余额"}), 8).empty());
  for (const char* hostile :
       {"\"", "AND", "NOT 余额", "(医保", "医保*", "^医保", "-医保", "text:医保", "NEAR(医保 余额)", "{text}:医保"})
    CHECK_NOTHROW(s.search_text(kb::compile_text_match({hostile}), 8));
}

TEST_CASE("query compiler: FTS5 syntax in a question is only text", "[query]") {
  const char* hostile[] = {"\"",
                           "医保 AND",
                           "NOT 余额",
                           "余额 OR",
                           "(医保",
                           "医保*",
                           "^医保",
                           "-医保",
                           "text:医保",
                           "terms:t1",
                           "NEAR(医保 余额)",
                           "{text}:医保",
                           "医保\" OR \"1",
                           "''; DROP TABLE entries; --",
                           "C#",
                           "C++",
                           "x=1",
                           "a?"};
  for (const char* q : hostile) {
    INFO(q);
    CHECK_NOTHROW(test::ask(q));
  }
}

TEST_CASE("query compiler fuzz: random questions never break the search", "[query][fuzz]") {
  std::mt19937 rng(20261123);
  const std::u32string alphabet = U"医保卡余额查询共济家人\"'()*^-:{}+ANDORNOTnear 的吗？！😀１２ａ\\/%_";
  for (int i = 0; i < 3000; ++i) {
    std::u32string q;
    int len = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < len; ++k) q.push_back(alphabet[rng() % alphabet.size()]);
    std::string utf8 = kb::to_utf8(q);
    INFO(utf8);
    try {
      test::ask(utf8);
    } catch (const kb::InvalidRequest&) {
      // a blank question is bad input, reported as such: fine
    } catch (const std::exception& e) { FAIL(e.what()); }
  }
}
