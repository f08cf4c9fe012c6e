// Policy articles (kb/articles/): their header checks, the passages they become, and when a
// passage answers as an excerpt.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "fixture.h"
#include "kb/kb_loader.h"
#include "kb/text.h"

namespace {
namespace fs = std::filesystem;

// A copy of the project's kb/ with `files` (path under kb/ → text) written into it, loaded.
kb::LoadResult load_with(const std::vector<std::pair<std::string, std::string>>& files) {
  const fs::path copy = fs::temp_directory_path() / ("faq-kb-articles-" + std::to_string(::getpid())) / "kb";
  fs::remove_all(copy.parent_path());
  fs::create_directories(copy.parent_path());
  fs::copy(KB_SOURCE_DIR, copy, fs::copy_options::recursive);
  for (const auto& [path, text] : files) std::ofstream(copy / path, std::ios::trunc) << text;
  auto r = kb::load_knowledge_base(copy.string());
  fs::remove_all(copy.parent_path());
  return r;
}

std::string problems(const kb::LoadResult& r) {
  std::string out;
  for (const auto& p : r.problems) out += p.str() + "\n";
  return out;
}

const kb::Entry* find_entry(const kb::KnowledgeBase& kb, const std::string& id) {
  auto it = std::find_if(kb.entries.begin(), kb.entries.end(), [&](const kb::Entry& e) { return e.id == id; });
  return it == kb.entries.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("articles: a passage keeps its article's citation and its headings", "[articles]") {
  const kb::KnowledgeBase& kb = test::knowledge_base();
  const kb::Entry* e = find_entry(kb, "yibao-jijin-tiaoli-4");
  REQUIRE(e != nullptr);
  CHECK(e->kind == kb::kPassageEntry);
  CHECK(e->topic == "articles");
  CHECK(e->question == "医疗保障基金使用监督管理条例 › 第四章 法律责任 › 第四十一条");
  CHECK(e->section == "第四章 法律责任 › 第四十一条");
  CHECK(e->citation == "《医疗保障基金使用监督管理条例》（国务院令第735号）");
  REQUIRE(e->sources.size() == 1);
  CHECK(e->sources[0].title == "医疗保障基金使用监督管理条例（国务院令第735号）");
  CHECK(e->sources[0].url == "https://www.gov.cn/zhengce/content/2021-02/19/content_5587668.htm");
  CHECK(e->sources[0].date == "2021-01-15");
  CHECK(e->effective_from == "2021-05-01");
  REQUIRE(e->cases.size() == 1);
  CHECK(e->cases[0].verdict == "info");
  CHECK(e->cases[0].answer.rfind("个人把本人的医保凭证交给他人冒名使用", 0) == 0);  // the clause, without its marker
  CHECK(e->file == "kb/articles/yibao-jijin-tiaoli.md");
  CHECK(e->line == 30);
  // Its sentences are its phrasings, after its headings.
  REQUIRE(e->phrasings.size() >= 3);
  CHECK(e->phrasings[0] == "第四章 法律责任 › 第四十一条");
  CHECK(e->phrasings.back() == "构成犯罪的，依法追究刑事责任。");
  // An article without a document number is cited by its title alone.
  const kb::Entry* reply = find_entry(kb, "zhejiang-tiqu-dafu-1");
  REQUIRE(reply != nullptr);
  CHECK(reply->citation == "《浙江省医疗保障局关于职工医保个人账户资金能否提取的答复》");
  CHECK(reply->sources[0].title == "浙江省医疗保障局关于职工医保个人账户资金能否提取的答复");
  CHECK(reply->sources[0].url.empty());
}

TEST_CASE("articles: indexer check reports a bad header with file and line", "[articles]") {
  struct Case {
    std::string text, expected;  // the article, a problem's "file:line: message" (part of it)
  };
  const std::string ok = "---\ntitle: 某办法\nissuer: 某局\ndate: 2024-01-02\n---\n正文一句。\n";
  const std::vector<Case> cases = {
      {"正文。\n", "kb/articles/x.md:1: an article starts with a header between '---' lines"},
      {"---\ntitle: 某办法\n", "kb/articles/x.md:1: the header's closing '---' line is missing"},
      {"---\ntitle: 某办法\nissuer: 某局\ndate: 2024-01-02\ncolour: red\n---\n正文。\n",
       "kb/articles/x.md:5: header: unknown key 'colour'"},
      {"---\ntitle: [a\n---\n正文。\n", "kb/articles/x.md:3: header YAML error"},
      {"---\nissuer: 某局\ndate: 2024-01-02\n---\n正文。\n", "kb/articles/x.md:1: header: title is missing"},
      {"---\ntitle: 某办法\ndate: 2024-01-02\n---\n正文。\n", "kb/articles/x.md:1: header: issuer is missing"},
      {"---\ntitle: 某办法\nissuer: 某局\ndate: 2024-02-30\n---\n正文。\n", "x.md:1: header: date must be a real date"},
      {"---\ntitle: 某办法\nissuer: 某局\ndate: 2024-01-02\nurl: www.example.cn\n---\n正文。\n",
       "x.md:1: header: url must start with http:// or https://"},
      {"---\ntitle: 某办法\nissuer: 某局\ndate: 2024-01-02\ntopic: balance_query\n---\n正文。\n",
       "x.md:1: header: topic 'balance_query' is not a topic with passages: true"},
      {"---\ntitle: 某办法\nissuer: 某局\ndate: 2024-01-02\nid: Bad_Id\n---\n正文。\n", "x.md:1: article id 'Bad_Id'"},
      {"---\ntitle: 某办法\nissuer: 某局\ndate: 2024-01-02\n---\n\n",
       "x.md:6: the article has no text under its header"},
      {"---\ntitle: 某办法\nissuer: 某局\ndate: 2024-01-02\nid: yibao-jijin-tiaoli\n---\n正文。\n",
       "yibao-jijin-tiaoli.md:14: duplicate id yibao-jijin-tiaoli-1 (first at kb/articles/x.md:7)"},
      {"\xEF\xBB\xBF" + ok, ""},  // a byte-order mark is no problem
      {std::string("---\ntitle: \xB6\xF8\n---\n"), "kb/articles/x.md:0: an article must be UTF-8 text"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto r = load_with({{"articles/x.md", c.text}});
    if (c.expected.empty())
      CHECK(problems(r).empty());
    else
      CHECK_THAT(problems(r), Catch::Contains(c.expected));
  }
}

TEST_CASE("articles: headings.yaml problems name their line", "[articles]") {
  const auto r =
      load_with({{"articles/headings.yaml",
                  "max_passage_chars: 10\nheadings:\n  - name: broken\n    pattern: '(第[一二'\nextra: 1\n"}});
  CHECK_THAT(problems(r), Catch::Contains("kb/articles/headings.yaml:1: max_passage_chars must be at least 50"));
  CHECK_THAT(problems(r), Catch::Contains("kb/articles/headings.yaml:4: heading 'broken': pattern does not compile"));
  CHECK_THAT(problems(r), Catch::Contains("kb/articles/headings.yaml:5: unknown key 'extra'"));
}

TEST_CASE("articles: without the excerpt messages or a passages topic, articles are refused", "[articles]") {
  auto r = load_with({{"lexicon/topics.yaml", "topics:\n  - {id: out_of_scope, name: x, out_of_scope: true}\n"}});
  CHECK_THAT(problems(r), Catch::Contains("no topic in topics.yaml has passages: true"));
}

TEST_CASE("excerpt: a passage answers only what no entry answers, never as a rule", "[articles][answer]") {
  struct Case {
    std::string question, entry, topic, verdict;
    bool excerpt;
    std::string best_passage;  // what retrieval ranks first among passages ("" when none)
  };
  const std::vector<Case> cases = {
      // No entry answers: the best passage, marked as an excerpt.
      {"就医时要出示什么凭证", "yibao-jijin-tiaoli-2", "articles", "info", true, "yibao-jijin-tiaoli-2"},
      {"有权要求医院提供费用单据吗", "yibao-jijin-tiaoli-2", "articles", "info", true, "yibao-jijin-tiaoli-2"},
      {"举报骗保有奖励吗", "yibao-jijin-tiaoli-3", "articles", "info", true, "yibao-jijin-tiaoli-3"},
      {"联网结算会被暂停多久", "yibao-jijin-tiaoli-4", "articles", "info", true, "yibao-jijin-tiaoli-4"},
      // A rule that passes the decider answers, however well a passage matches.
      {"个人账户能用来健身吗", "ap-fitness-massage", "account_basics", "no", false, "guobanfa-2021-14-4"},
      {"单位缴的医保费还划入个人账户吗", "ab-employer-share", "account_basics", "no", false, "guobanfa-2021-14-3"},
      // Another business keeps its out-of-scope pointer, though a passage matches above the floor.
      {"普通门诊费用以后能用统筹基金报吗", "nb-outpatient-pooling", "out_of_scope", "unknown", false,
       "guobanfa-2021-14-2"},
      // A passage below scoring.passage_floor is no answer.
      {"个人所得税怎么申报", "", "out_of_scope", "unknown", false, "zhejiang-tiqu-dafu-3"},
      {"今天天气怎么样", "", "out_of_scope", "unknown", false, ""},
  };
  for (const auto& c : cases) {
    INFO(c.question);
    const kb::AskResponse r = test::ask(c.question);
    CHECK(r.entry_id == c.entry);
    CHECK(r.topic == c.topic);
    CHECK(r.verdict == c.verdict);
    CHECK(r.excerpt == c.excerpt);
    const auto staged = test::stage(c.question);
    CHECK((staged.found.passages.empty() ? "" : test::store().info(staged.found.passages.front().entry).id) ==
          c.best_passage);
    // Passages never rank among the entries.
    for (const auto& candidate : staged.found.ranked) CHECK_FALSE(test::store().is_passage(candidate.entry));
    if (!c.excerpt) continue;
    CHECK_FALSE(r.ask.has_value());
    CHECK(r.handoff);  // an excerpt is no sure answer: channels offer a person
    REQUIRE(r.sources.size() == 1);
    CHECK(r.sources[0].title == "医疗保障基金使用监督管理条例（国务院令第735号）");
  }
}

TEST_CASE("excerpt: led by the citation in every format; the JSON marks it", "[articles][answer]") {
  const std::string lead = "以下内容出自《医疗保障基金使用监督管理条例》（国务院令第735号），仅供参考";
  const auto text = test::ask("联网结算会被暂停多久");
  CHECK(text.answer.rfind(lead, 0) == 0);
  CHECK_THAT(text.answer, Catch::Contains("\n第四章 法律责任 › 第四十一条\n个人把本人的医保凭证交给他人冒名使用"));
  const auto md = test::ask("联网结算会被暂停多久", "", "markdown");
  CHECK(md.answer.rfind(lead, 0) == 0);
  CHECK_THAT(md.answer, Catch::Contains("\n\n> **第四章 法律责任 › 第四十一条**\n>\n> 个人把本人的医保凭证"));
  CHECK_THAT(md.answer,
             Catch::Contains("[医疗保障基金使用监督管理条例（国务院令第735号）](https://www.gov.cn/zhengce/content/"
                             "2021-02/19/content_5587668.htm)（2021-01-15）"));
  const auto speech = test::ask("联网结算会被暂停多久", "", "speech");
  CHECK(speech.answer.rfind("以下内容出自《医疗保障基金使用监督管理条例》国务院令第735号，仅供参考。", 0) == 0);
  CHECK(kb::utf8_length(speech.answer) <= kb::kSpeechLimit);
  CHECK(text.to_json()["excerpt"] == true);
  CHECK(text.json_text() == text.to_json().dump());
  const auto rule = test::ask("医保余额怎么查");
  CHECK_FALSE(rule.to_json().contains("excerpt"));
  CHECK(rule.json_text().find("excerpt") == std::string::npos);
}

TEST_CASE("excerpt: the next question starts afresh, not as its follow-up", "[articles][dialogue]") {
  const auto first = test::ask("联网结算会被暂停多久");
  REQUIRE(first.excerpt);
  kb::AskRequest next;
  next.question = "那我爸呢";
  next.context = first.context;
  const auto r = test::answerer().ask(next);
  CHECK_FALSE(r.follow_up);
  CHECK_FALSE(r.excerpt);
}

TEST_CASE("excerpt: adding articles changes no entry's ranking or score", "[articles][retrieval]") {
  kb::KnowledgeBase without = test::knowledge_base();
  std::erase_if(without.entries, [](const kb::Entry& e) { return e.kind == kb::kPassageEntry; });
  REQUIRE(without.entries.size() < test::knowledge_base().entries.size());
  const std::string path = test::temp_path("faq-no-articles");
  kb::build_store(without, path);
  {
    const kb::Store plain(path);
    const kb::Answerer answerer(plain);
    for (const char* q : {"个人账户能用来健身吗", "我老婆能用我医保卡里的钱吗", "医保余额怎么查", "公积金怎么提取",
                          "就医时要出示什么凭证", "借别人医保卡看病会怎样", "单位缴的医保费还划入个人账户吗"}) {
      INFO(q);
      const auto staged = test::stage(q);
      const kb::Analysis analysis = plain.analyzer().analyze(q);
      const kb::Retrieval found =
          answerer.retriever().retrieve(analysis, kb::extract_slots(analysis, plain.lexicon()), "2026-01-01");
      REQUIRE(found.ranked.size() == staged.found.ranked.size());
      for (size_t i = 0; i < found.ranked.size(); ++i) {
        CHECK(plain.info(found.ranked[i].entry).id == test::store().info(staged.found.ranked[i].entry).id);
        CHECK(found.ranked[i].score == staged.found.ranked[i].score);
      }
    }
  }
  std::filesystem::remove(path);
}

TEST_CASE("excerpt: scoring.passage_floor is a checked, printed parameter", "[articles][scoring]") {
  kb::ScoringParams p;
  CHECK_THAT(p.describe(), Catch::Contains("scoring.passage_floor: 0.25\n"));
  p.passage_floor = 1.5;
  CHECK_THAT(p.problems().front(), Catch::Contains("scoring.passage_floor must be between 0 and 1"));
}
