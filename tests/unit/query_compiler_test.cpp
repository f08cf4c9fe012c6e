#include <catch2/catch.hpp>

#include <random>

#include "fixture.h"
#include "kb/query_compiler.h"
#include "kb/text.h"

namespace {
// A fixed vocabulary so that compiled queries are stable whatever the knowledge base holds.
kb::TermStats fake_stats(const std::string& key) {
  if (key == "医保") return {1, 9000};
  if (key == "余额") return {2, 40};
  if (key == "查询") return {3, 10};
  return {};
}
kb::Term concept_term(const char* key) { return {key, kb::TermKind::Domain, 1.0}; }
kb::Term word(const char* text) { return {std::string("w:") + text, kb::TermKind::Word, 0.5}; }
}  // namespace

TEST_CASE("query compiler: exact MATCH expressions", "[query]") {
  using V = std::vector<kb::Term>;
  struct Row {
    V terms;
    int entries;
    const char* match;
  };
  const Row rows[] = {
      {V{concept_term("余额"), concept_term("查询")}, 100, "terms : (t2 OR t3)"},
      {V{concept_term("余额"), word("天气")}, 100, "terms : (t2) OR text : (\"天气\")"},
      // In a large store a very common term only ranks …
      {V{concept_term("医保"), concept_term("查询")}, 10000, "terms : (t3)"},
      // … unless nothing else is left to select with.
      {V{concept_term("医保")}, 10000, "terms : (t1)"},
      {V{concept_term("未知")}, 100, ""},  // a concept no entry uses selects nothing
      {V{word("a\"b")}, 100, "text : (\"a\"\"b\")"},
      {V{}, 100, ""},
  };
  for (const auto& r : rows) CHECK(kb::compile_match(r.terms, fake_stats, r.entries) == r.match);
}

TEST_CASE("query compiler: FTS5 syntax in a question is only text", "[query]") {
  const char* hostile[] = {"\"",         "医保 AND",      "NOT 余额",     "余额 OR",      "(医保",        "医保*",
                           "^医保",      "-医保",         "text:医保",    "terms:t1",     "NEAR(医保 余额)",
                           "{text}:医保", "医保\" OR \"1", "''; DROP TABLE entries; --", "C#", "C++", "x=1", "a?"};
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
    } catch (const std::exception& e) {
      FAIL(e.what());
    }
  }
}
