// Domain-free mode: a knowledge base without a lexicon/ folder (FAQ sheets of any subject) loads
// with the built-in defaults, reads questions as ICU words plus characters, and answers by their
// overlap; what it cannot answer gets the generic out-of-scope reply.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "fixture.h"
#include "kb/analysis_chains.h"
#include "kb/kb_loader.h"

namespace {

const std::string kFreeKb = std::string(FIXTURES_DIR) + "/free_kb";

// The fixture's rule entries and a few FAQ rows (question and answer only), as the FAQ import
// gives them.
kb::KnowledgeBase free_kb() {
  auto loaded = kb::load_knowledge_base(kFreeKb);
  REQUIRE(loaded.problems.empty());
  const std::pair<const char*, const char*> rows[] = {
      {"图书馆几点开门", "周二到周日九点开馆，晚上九点闭馆，周一闭馆。"},
      {"一张借书证最多能借几本书", "每证最多同时借十本，借期三十天。"},
      {"可以带饮料进阅览室吗", "阅览室内只能喝瓶装水，其他饮料请在休息区饮用。"},
      {"校外怎么访问电子数据库", "登录馆网站，用读者证号和密码通过远程访问入口进入。"},
      {"还书晚了要交罚款吗", "逾期每册每天收滞纳金一角，可在自助机上缴纳。"},
  };
  int n = 0;
  for (const auto& [question, answer] : rows) {
    kb::Entry e;
    e.id = "row-" + std::to_string(++n);
    e.topic = "faq";
    e.kind = kb::kFaqEntry;
    e.question = question;
    kb::Case only;
    only.verdict = "info";
    only.answer = answer;
    e.cases.push_back(only);
    loaded.kb.entries.push_back(std::move(e));
  }
  return loaded.kb;
}

const kb::Store& free_store() {
  static const std::string path = [] {
    const std::string p = test::temp_path("faq-free");
    kb::build_store(free_kb(), p);
    return p;
  }();
  static const kb::Store store(path);
  return store;
}

kb::AskResponse ask_free(const std::string& question) {
  static const kb::Answerer answerer(free_store());
  kb::AskRequest r;
  r.question = question;
  return answerer.ask(r);
}

}  // namespace

TEST_CASE("domain-free: a knowledge base without lexicon/ loads with the built-in defaults", "[free]") {
  auto r = kb::load_knowledge_base(kFreeKb);
  for (const auto& p : r.problems) UNSCOPED_INFO(p.str());
  CHECK(r.problems.empty());
  CHECK(r.kb.entries.size() == 2);
  CHECK(r.kb.lexicon.concepts.empty());
  CHECK(r.kb.lexicon.kind_factors.at("word") > 0);
  CHECK(r.kb.lexicon.kind_factors.at("char") > r.kb.lexicon.kind_factors.at("word"));
  CHECK(r.kb.lexicon.kind_factors.at("bigram") == 0);  // measured worse: off
  REQUIRE(r.kb.topics.size() == 2);
  CHECK(r.kb.topics[0].id == "faq");
  CHECK(r.kb.topics[1].out_of_scope);
  CHECK_FALSE(r.kb.messages.out_of_scope.lead.empty());
  CHECK(r.kb.messages.clarify.count("default"));
  // Nothing of the 医保 service's own wording.
  for (const auto* text :
       {&r.kb.messages.out_of_scope.scope, &r.kb.messages.out_of_scope.elsewhere, &r.kb.messages.wechat.welcome}) {
    CHECK(text->find("医保") == std::string::npos);
    CHECK(text->find("12333") == std::string::npos);
  }
}

TEST_CASE("domain-free: the project's knowledge base keeps its own lexicon and messages", "[free]") {
  const auto& kb = test::knowledge_base();
  CHECK_FALSE(kb.lexicon.concepts.empty());
  CHECK(kb.messages.out_of_scope.elsewhere.find("12333") != std::string::npos);
  // Character terms are off for it: every existing question set passes unchanged without them.
  CHECK_FALSE(kb.lexicon.kind_factors.count("char"));
  CHECK_FALSE(kb.lexicon.kind_factors.count("bigram"));
}

TEST_CASE("domain-free: unknown words give their ICU word and their characters", "[free]") {
  const auto& an = free_store().analyzer();
  struct Row {
    const char* in;
    const char* terms;
  };
  const Row rows[] = {
      {"借书证", "w:借书 w:证 c:借 c:书 c:证"},
      {"图书馆开门", "w:图书 w:馆 w:开门 c:图 c:书 c:馆 c:开 c:门"},
      // An ASCII word is a unit of its own, like a character.
      {"用app续借", "w:用 w:app w:续借 c:用 c:app c:续 c:借"},
      {"wifi", "w:wifi c:wifi"},
      // Repeated characters count once; traditional script is normalised first.
      {"書書", "w:书 c:书"},
      {"", ""},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(test::joined_terms(an.terms(an.analyze(r.in))) == r.terms);
  }
}

namespace {
// A lexicon of its own may turn the kinds on with any factor: concepts.yaml kind_factors.
kb::LexiconData lexicon_with(std::map<std::string, double> factors) {
  kb::LexiconData data;
  data.concepts.push_back({"图书", "domain", {"图书"}});
  data.kind_factors = std::move(factors);
  return data;
}
}  // namespace

TEST_CASE("domain-free: neighbouring characters pair within a clause when bigrams are on", "[free]") {
  const kb::Lexicon lexicon(lexicon_with({{"domain", 1.0}, {"word", 0.5}, {"char", 0.5}, {"bigram", 0.5}}));
  const kb::Analyzer an = kb::question_chain(lexicon);
  struct Row {
    const char* in;
    const char* terms;
  };
  const Row rows[] = {
      // Pairs run across ICU's words; a lexicon word (图书), an ASCII word or a break ends the run.
      {"借书证", "w:借书 w:证 c:借 c:书 b:借书 c:证 b:书证"},
      {"馆开门", "w:馆 w:开门 c:馆 c:开 b:馆开 c:门 b:开门"},
      {"图书馆开门", "图书 w:馆 w:开门 c:馆 c:开 b:馆开 c:门 b:开门"},
      {"开门，闭馆", "w:开门 w:闭 w:馆 c:开 c:门 b:开门 c:闭 c:馆 b:闭馆"},
      {"用app续借", "w:用 w:app w:续借 c:用 c:app c:续 c:借 b:续借"},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(test::joined_terms(an.terms(an.analyze(r.in))) == r.terms);
  }
}

TEST_CASE("domain-free: character terms are weighed by their kind factor", "[free]") {
  const kb::Lexicon lexicon(lexicon_with({{"domain", 1.0}, {"word", 0.5}, {"char", 0.25}}));  // no bigram factor
  const kb::Analyzer an = kb::question_chain(lexicon);
  const auto terms = an.terms(an.analyze("图书续借"));
  // A lexicon word gives its concept only; the unknown word its characters too; no pairs.
  REQUIRE(test::joined_terms(terms) == "图书 w:续借 c:续 c:借");
  CHECK(terms[0].weight == 1.0);
  CHECK(terms[1].weight == 0.5);
  CHECK(terms[2].weight == 0.25);
  CHECK(terms[2].kind == kb::TermKind::Char);
}

TEST_CASE("domain-free: questions answer by word and character overlap", "[free]") {
  struct Row {
    const char* question;
    const char* entry;
  };
  const Row rows[] = {
      {"借书证丢了怎么补办", "lost-card"},  // a standard question
      {"我的借书证弄丢了咋整", "lost-card"}, {"书快到期了还想接着看", "renew-books"},
      {"周末图书馆开不开", "row-1"},         {"每个人能借多少本", "row-2"},
      {"阅览室里能喝咖啡吗", "row-3"},       {"在家里怎么用学校的数据库", "row-4"},
      {"书还晚了会罚钱吗", "row-5"},
  };
  for (const auto& r : rows) {
    INFO(r.question);
    auto resp = ask_free(r.question);
    CHECK(resp.entry_id == r.entry);
    CHECK(resp.verdict == "info");
    CHECK(resp.topic == "faq");
  }
}

TEST_CASE("domain-free: an unrelated question gets the generic out-of-scope reply", "[free]") {
  const kb::Messages& m = free_store().messages();
  for (const char* q : {"明天会下雨吗", "股票怎么开户", "医保卡余额怎么查"}) {
    INFO(q);
    auto resp = ask_free(q);
    CHECK(resp.topic == "out_of_scope");
    CHECK(resp.verdict == "unknown");
    CHECK(resp.entry_id.empty());
    CHECK(resp.answer.rfind(m.out_of_scope.lead + m.out_of_scope.scope, 0) == 0);
    CHECK(resp.answer.find("12333") == std::string::npos);
  }
}

// The case: a folder holding nothing but kb/faq/ sheets (no lexicon/, no entries/) loads,
// builds and answers paraphrases; a folder with no entries at all is a problem.
TEST_CASE("domain-free: a knowledge base of FAQ sheets only", "[free]") {
  namespace fs = std::filesystem;
  const fs::path dir = test::temp_path("faq-sheets-only");
  fs::remove_all(dir);
  fs::create_directories(dir / "faq");
  std::ofstream(dir / "faq" / "lib.csv") << "问题,答案,相似问题\n"
                                            "图书馆几点开门,每天九点开门，晚上九点关门。,图书馆开放时间\n"
                                            "借书要带什么,带上读者证或身份证。,借书需要什么证件\n";
  auto loaded = kb::load_knowledge_base(dir.string());
  for (const auto& p : loaded.problems) UNSCOPED_INFO(p.str());
  CHECK(loaded.problems.empty());
  CHECK(loaded.kb.entries.size() == 2);
  const std::string db = test::temp_path("faq-sheets-only-db");
  kb::build_store(loaded.kb, db);
  {
    const kb::Store store(db);
    const kb::Answerer answerer(store);
    kb::AskRequest r;
    r.question = "图书馆啥时候开门";
    CHECK(answerer.ask(r).entry_id == "faq-lib-2");
    r.question = "借书需要带啥";
    CHECK(answerer.ask(r).entry_id == "faq-lib-3");
  }
  fs::remove(db);
  fs::remove_all(dir / "faq");
  auto empty = kb::load_knowledge_base(dir.string());
  REQUIRE(empty.problems.size() == 1);
  CHECK(empty.problems[0].message.find("no entries") == 0);
  fs::remove_all(dir);
}
