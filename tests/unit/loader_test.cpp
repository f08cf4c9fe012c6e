#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

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
  for (const auto& topic : r.kb.topics) {
    const std::string& t = topic.id;
    INFO(t);
    CHECK(std::any_of(r.kb.entries.begin(), r.kb.entries.end(), [&](const kb::Entry& e) { return e.topic == t; }));
  }
}

TEST_CASE("indexer check: every problem is reported with file and line", "[loader]") {
  auto r = kb::load_knowledge_base(std::string(FIXTURES_DIR) + "/bad_kb");
  for (const auto& p : r.problems) UNSCOPED_INFO(p.str());
  CHECK(has_problem(r, "concepts.yaml:3", "belongs to both 余额 and 钱包"));
  CHECK(has_problem(r, "concepts.yaml:4", "kind must be"));
  CHECK(has_problem(r, "relations.yaml:3", "kinship term '老婆' is under both 配偶 and 表亲"));
  CHECK(has_problem(r, "relations.yaml:6", "compose: unknown relation 堂亲"));
  CHECK(has_problem(r, "relations.yaml", "relation_concepts: unknown concept '家人'"));
  CHECK(has_problem(r, "slots.yaml:5", "slot 'relation' is built in"));
  CHECK(has_problem(r, "slots.yaml", "intent 'why' is missing"));
  CHECK(has_problem(r, "topics.yaml:4", "topic id must be lowercase"));
  CHECK(has_problem(r, "topics.yaml", "exactly one topic must be out_of_scope"));
  CHECK(has_problem(r, "messages.yaml", "cannot read the file"));
  CHECK(has_problem(r, "concepts.yaml", "kind_factors: no factor for domain"));
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

// Replaces `from` by `to` in a copy of the project's kb/ and loads the copy.
kb::LoadResult load_edited(const std::string& file, const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  const fs::path copy = fs::temp_directory_path() / ("faq-kb-edit-" + std::to_string(::getpid())) / "kb";
  fs::remove_all(copy.parent_path());
  fs::create_directories(copy.parent_path());
  fs::copy(KB_SOURCE_DIR, copy, fs::copy_options::recursive);
  std::ifstream in(copy / file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), to);
  std::ofstream(copy / file, std::ios::trunc) << text;
  auto r = kb::load_knowledge_base(copy.string());
  fs::remove_all(copy.parent_path());
  return r;
}

// A name one data file gives of another thing must exist: an edit that breaks it is a problem.
TEST_CASE("indexer check: names of entries, concepts and relations must exist", "[loader]") {
  struct Row {
    const char* file;
    const char* from;
    const char* to;
    const char* problem_file;
    const char* problem;
  };
  const Row rows[] = {
      {"entries/withdrawal.yaml", "  instead: fs-bind-how\n", "  instead: fs-bind-nowhere\n", "withdrawal.yaml",
       "instead names no other entry ('fs-bind-nowhere')"},
      {"lexicon/topics.yaml", "procedural: true, shuns: [提取]}", "procedural: true, shuns: [取钱啦]}", "topics.yaml",
       "shuns unknown concept '取钱啦'"},
      {"lexicon/relations.yaml", "  - from: [配偶]\n    to: 其他", "  - from: [配偶]\n    to: 路人", "relations.yaml",
       "requalify: unknown relation '路人'"},
  };
  for (const auto& r : rows) {
    INFO(r.file << ": " << r.to);
    CHECK(has_problem(load_edited(r.file, r.from, r.to), r.problem_file, r.problem));
  }
}

TEST_CASE("indexer check: messages name only the placeholders the server fills", "[loader]") {
  auto r = load_edited("lexicon/messages.yaml", "以上是全国通行的规定，{region}", "以上是全国通行的规定，{city}");
  CHECK(has_problem(r, "messages.yaml", "the server fills no {city}"));
  r = load_edited("lexicon/messages.yaml", "  too_long:", "  too_long_x:");
  CHECK(has_problem(r, "messages.yaml", "message 'too_long' is missing"));
  r = load_edited("lexicon/messages.yaml", "  default: ", "  colour: 什么颜色？\n  default: ");
  CHECK(has_problem(r, "messages.yaml", "clarify: 'colour' is not a slot"));
}

// Adding a topic or rewording a clarifying question is a YAML change only.
TEST_CASE("indexer check: a new topic and a reworded question are data", "[loader]") {
  auto r = load_edited("lexicon/topics.yaml", "topics:\n", "topics:\n  - {id: pension_questions, name: 养老}\n");
  CHECK(r.problems.empty());
  CHECK(std::any_of(r.kb.topics.begin(), r.kb.topics.end(),
                    [](const kb::TopicDef& t) { return t.id == "pension_questions"; }));
  r = load_edited("lexicon/messages.yaml", "请问是给哪位亲属用？", "请问是哪位家人？");
  CHECK(r.problems.empty());
  CHECK(r.kb.messages.clarify_question("relation").rfind("请问是哪位家人？", 0) == 0);
}

// Regression: the loader allowed 160 characters while the renderer and the docs say 150.
TEST_CASE("indexer check: a speech over 150 characters is a problem", "[loader]") {
  std::string speech;
  for (int i = 0; i < 155; ++i) speech += "好";
  auto r = load_edited(
      "entries/balance.yaml",
      "打开支付宝，进市民中心或城市服务，选好参保城市，点医保或社保里的账户查询，刷脸验证后就能看到余额。", speech);
  CHECK(has_problem(r, "balance.yaml", "speech is longer than 150 characters"));
}

TEST_CASE("indexer check: a missing folder is a problem, not a crash", "[loader]") {
  auto r = kb::load_knowledge_base("/nonexistent/kb");
  CHECK_FALSE(r.problems.empty());
}
