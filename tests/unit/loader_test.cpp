#include <catch2/catch.hpp>

#include <algorithm>

#include "kb/kb_loader.h"

namespace {
bool has_problem(const kb::LoadResult& r, const std::string& where, const std::string& text) {
  return std::any_of(r.problems.begin(), r.problems.end(), [&](const kb::Problem& p) {
    return p.str().find(where) != std::string::npos && p.message.find(text) != std::string::npos;
  });
}
}  // namespace

TEST_CASE("indexer check: the project's knowledge base has no problems", "[loader]") {
  auto r = kb::load_knowledge_base(KB_SOURCE_DIR);
  for (const auto& p : r.problems) UNSCOPED_INFO(p.str());
  CHECK(r.problems.empty());
  CHECK(r.kb.entries.size() >= 40);
  // Every in-scope topic is covered.
  for (const auto& t : kb::topics()) {
    INFO(t);
    CHECK(std::any_of(r.kb.entries.begin(), r.kb.entries.end(), [&](const kb::Entry& e) { return e.topic == t; }));
  }
}

TEST_CASE("indexer check: every problem is reported with file and line", "[loader]") {
  auto r = kb::load_knowledge_base(std::string(FIXTURES_DIR) + "/bad_kb");
  for (const auto& p : r.problems) UNSCOPED_INFO(p.str());
  CHECK(has_problem(r, "concepts.yaml:3", "belongs to both 余额 and 钱包"));
  CHECK(has_problem(r, "concepts.yaml:4", "kind must be"));
  CHECK(has_problem(r, "relations.yaml:3", "unknown canonical relation 表亲"));
  CHECK(has_problem(r, "bad.yaml:9", "duplicate id good-one"));
  CHECK(has_problem(r, "bad.yaml:9", "at least 5 are needed"));
  CHECK(has_problem(r, "bad.yaml:9", "has no sources"));
  CHECK(has_problem(r, "bad.yaml:9", "phrasing '余额咋查' is under both good-one and good-one"));
  CHECK(has_problem(r, "bad.yaml", "{region} is not filled"));
  CHECK(has_problem(r, "bad.yaml", "the last case must have no `when`"));
  CHECK(has_problem(r, "bad.yaml:18", "id must be lowercase"));
  CHECK(has_problem(r, "bad.yaml:18", "unknown topic 'not_a_topic'"));
  CHECK(has_problem(r, "bad.yaml:23", "unknown entry field 'colour'"));
  CHECK(has_problem(r, "bad.yaml", "unknown channel value '飞鸽'"));
  CHECK(has_problem(r, "bad.yaml", "verdict must be"));
  CHECK(has_problem(r, "bad.yaml", "{nothing} is not a slot"));
}

TEST_CASE("indexer check: a missing folder is a problem, not a crash", "[loader]") {
  auto r = kb::load_knowledge_base("/nonexistent/kb");
  CHECK_FALSE(r.problems.empty());
}
