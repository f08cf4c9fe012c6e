#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>

#include "fixture.h"
#include "kb/fts_tokenizer.h"
#include "kb/render.h"
#include "kb/text.h"

TEST_CASE("store: per-character tokenizer finds two-character words inside longer runs", "[store]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  kb::register_fts5_tokenizer(db.getHandle());
  db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='yibao')");
  db.exec("INSERT INTO t(x) VALUES ('醫保卡餘額怎麼查詢'), ('APP上查12333')");
  auto count = [&](const char* match) {
    SQLite::Statement q(db, "SELECT count(*) FROM t WHERE t MATCH ?");
    q.bind(1, match);
    q.executeStep();
    return q.getColumn(0).getInt();
  };
  CHECK(count("\"医保\"") == 1);    // unicode61 would find nothing here
  CHECK(count("\"余额\"") == 1);    // traditional text was simplified at index time
  CHECK(count("\"保卡余\"") == 1);
  CHECK(count("\"app\"") == 1);     // ASCII runs are whole tokens, case-folded
  CHECK(count("\"12333\"") == 1);
  CHECK(count("\"1233\"") == 0);
}

TEST_CASE("store: build is atomic and records its version", "[store]") {
  std::string path = test::temp_path("faq-build");
  std::string v1 = kb::build_store(test::knowledge_base(), path);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  kb::Store s(path);
  CHECK(s.kb_version() == v1);
  CHECK(s.entry_count() == test::knowledge_base().entries.size());
  // Same content, same version.
  CHECK(kb::build_store(test::knowledge_base(), path) == v1);
  std::filesystem::remove(path);
}

TEST_CASE("store: a missing store is a clear error", "[store]") {
  CHECK_THROWS_WITH(kb::Store("/nonexistent/faq.db"), Catch::Contains("store not found"));
}

TEST_CASE("answer: contract fields", "[answer]") {
  auto r = test::ask("怎么查询医保卡余额");
  CHECK(r.topic == "balance_query");
  CHECK(r.verdict == "info");
  CHECK_FALSE(r.entry_id.empty());
  CHECK(r.confidence > 0);
  CHECK(r.confidence <= 1);
  CHECK_FALSE(r.sources.empty());
  CHECK(r.kb_version == test::store().kb_version());
  auto j = r.to_json();
  for (const char* key : {"answer", "verdict", "topic", "entry_id", "confidence", "slots", "sources", "related", "kb_version"})
    CHECK(j.contains(key));
}

TEST_CASE("answer: out of scope points to 12333 and never borrows a rule", "[answer]") {
  for (const char* q : {"今天天气怎么样", "帮我推荐一只股票", "公积金怎么提取", "职工医保住院报销比例是多少",
                        "银行卡余额怎么查"}) {
    INFO(q);
    auto r = test::ask(q);
    CHECK(r.topic == "out_of_scope");
    CHECK(r.verdict == "unknown");
    CHECK(r.answer.find("12333") != std::string::npos);
  }
}

// Regression: "这个是啥" was answered with "what is the personal account" at confidence 0.75,
// because the entry's phrasings share the question word 是啥.
TEST_CASE("answer: frame words alone name no subject and are not answered", "[answer]") {
  for (const char* q : {"这个是啥", "啥意思", "为什么", "有什么区别"}) {
    INFO(q);
    auto r = test::ask(q);
    CHECK(r.topic == "out_of_scope");
    CHECK(r.verdict == "unknown");
  }
  // With a subject they are ordinary questions.
  CHECK(test::ask("医保个账是啥").topic == "account_basics");
  CHECK(test::ask("还剩多少钱").topic == "balance_query");
}

// "这算违规吗" asks whether something is forbidden: yes means it is (regression: such questions got
// the rule's "no" while the answer said it was a violation).
TEST_CASE("answer: a question whether something is a violation is answered as asked", "[answer]") {
  auto r = test::ask("我老婆拿我的医保卡去给她自己开药，这算违规吗");
  CHECK(r.verdict == "yes");
  CHECK(r.answer.rfind("算违规。", 0) == 0);
  auto scam = test::ask("有人打电话说能帮我把医保的钱提现到微信，是不是诈骗");
  CHECK(scam.verdict == "yes");
  CHECK(scam.answer.rfind("是骗局。", 0) == 0);
  CHECK(test::ask("我老婆拿我的医保卡去给她自己开药，行吗").verdict == "no");  // asked the usual way
}

// Regression: "……得准备啥材料" got the rule's "yes" and no list unless asked as a follow-up.
TEST_CASE("answer: a question for the materials gets the list", "[answer]") {
  auto r = test::ask("我老公去世了，他医保卡里的钱要转到我名下得准备啥材料");
  CHECK(r.verdict == "info");
  CHECK(r.answer.find("需要准备的材料") != std::string::npos);
  CHECK(r.answer.find("死亡证明") != std::string::npos);
}

// Regressions: the place one is insured (参保地) was an out-of-scope word, so checking the balance
// "in my home 参保地" was out of scope; "被查出来会怎么处理" was a how-question, not a consequence.
TEST_CASE("answer: 参保地 is a place, and being found out asks for the consequence", "[answer]") {
  CHECK(test::ask("人在外地打工，怎么查老家参保地的医保余额").topic == "balance_query");
  CHECK(test::ask("更换参保地需要什么手续").topic == "out_of_scope");
  auto r = test::ask("我拿我爸的医保卡给自己开药，被查出来会怎么处理");
  CHECK(r.topic == "card_misuse");
  CHECK(r.verdict == "info");
}

TEST_CASE("answer: the region asked about appears in the answer", "[answer]") {
  CHECK(test::ask("兰州的医保个账能给家里人用不").answer.find("兰州") != std::string::npos);
  CHECK(test::ask("怎么查医保余额", "", "text", "西宁").answer.find("西宁") != std::string::npos);
  CHECK(test::ask("乌鲁木齐怎么查医保余额", "", "speech").answer.find("乌鲁木齐") != std::string::npos);
}

TEST_CASE("answer: speech is short plain sentences, verdict first", "[answer][render]") {
  for (const char* q : {"医保卡里的钱能取出来吗", "家庭共济怎么绑定", "我老婆能用我医保卡里的钱买药吗", "怎么查询医保卡余额",
                        "今天天气怎么样"}) {
    INFO(q);
    auto r = test::ask(q, "", "speech");
    CHECK(kb::utf8_length(r.answer) <= kb::kSpeechLimit);
    for (const char* bad : {"http", "**", "#", "- ", "1.", "[", "（", "“"}) CHECK(r.answer.find(bad) == std::string::npos);
  }
  CHECK(test::ask("我老婆能用我医保卡里的钱买药吗", "", "speech").answer.rfind("可以", 0) == 0);
}

TEST_CASE("answer: markdown lists steps and sources", "[answer][render]") {
  auto r = test::ask("家庭共济怎么绑定", "", "markdown");
  CHECK(r.answer.find("来源") != std::string::npos);
}

TEST_CASE("render: speakable removes what a voice cannot say", "[render]") {
  CHECK(kb::speakable("**可以。**详见 https://x.cn 。") == "可以。详见。");
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "这是一句话。";
  auto cut = kb::speakable(long_text);
  CHECK(kb::utf8_length(cut) <= kb::kSpeechLimit);
  CHECK(cut.substr(cut.size() - 3) == "。");
}

TEST_CASE("answer: bad input is reported, not asserted", "[answer]") {
  CHECK_THROWS_AS(test::ask(""), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("   "), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask(std::string(501 * 3, 'a')), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("医保", "2021-13-01"), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("医保", "", "html"), kb::InvalidRequest);
  CHECK_THROWS_AS(test::ask("\xff\xfe"), kb::InvalidRequest);
  CHECK_NOTHROW(test::ask(std::string(500, 'a')));
}

namespace {
// A context served with an answer about family sharing continues the conversation: "那我哥哥呢"
// is a follow-up, answered yes. Returns the follow-up request.
kb::AskRequest brother_follows(const kb::Answerer& answerer, const std::string& context) {
  kb::AskRequest next;
  next.question = "那我哥哥呢";
  next.as_of = "2026-01-01";
  next.context = context;
  auto follow = answerer.ask(next);
  CHECK(follow.follow_up);
  CHECK(follow.verdict == "yes");
  return next;
}
}  // namespace

TEST_CASE("answer cache: bounded, and a hit is the same answer", "[cache]") {
  kb::AnswerCache cache(32);
  auto v = std::make_shared<const kb::CachedAnswer>();
  for (int i = 0; i < 1000; ++i) cache.put(std::to_string(i) + "k", v);  // ("k" + … trips GCC 12 -Wrestrict)
  CHECK(cache.size() <= 32 + 16);  // per-shard rounding
  CHECK_FALSE(kb::AnswerCache(0).enabled());

  kb::Answerer cached(test::store(), {}, 100);
  kb::AskRequest r;
  r.question = "怎么查询医保卡余额？";
  r.as_of = "2026-01-01";
  // Contexts carry a timestamp and the signer's secret; everything else must be identical.
  auto without_context = [](const std::string& body) {
    auto j = nlohmann::json::parse(body);
    CHECK_FALSE(j.value("context", "").empty());
    j.erase("context");
    return j.dump();
  };
  std::string first = without_context(cached.ask_json(r)), second = without_context(cached.ask_json(r));
  CHECK(first == second);
  auto fresh = test::answerer().ask(r).to_json();
  fresh.erase("context");
  CHECK(first == fresh.dump());
  // The normalised question is the key: punctuation and width do not matter …
  r.question = "怎么查询医保卡余额";
  CHECK(without_context(cached.ask_json(r)) == first);
  // … but the date, region and format do.
  r.format = "speech";
  CHECK(without_context(cached.ask_json(r)) != first);
  // A context from a cache hit continues the conversation like a fresh one.
  kb::AskRequest family;
  family.question = "医保卡里的钱可以给家人用吗";
  family.as_of = "2026-01-01";
  cached.ask_json(family);
  auto hit = nlohmann::json::parse(cached.ask_json(family));
  brother_follows(cached, hit.at("context"));
  // Bad input is reported, never cached.
  r.question = "";
  CHECK_THROWS_AS(cached.ask_json(r), kb::InvalidRequest);
}

TEST_CASE("answer cache: a request body sent again is answered without parsing it", "[cache]") {
  kb::Answerer cached(test::store(), {}, 100);
  const std::string body = R"({"question":"医保卡里的钱可以给家人用吗","as_of":"2026-01-01"})";
  CHECK_FALSE(cached.cached_json(body));
  kb::AskRequest family;
  family.question = "医保卡里的钱可以给家人用吗";
  family.as_of = "2026-01-01";
  auto first = nlohmann::json::parse(cached.ask_json(family, body));
  auto again = cached.cached_json(body);
  REQUIRE(again);
  auto hit = nlohmann::json::parse(*again);
  CHECK(hit.at("answer") == first.at("answer"));
  CHECK(hit.at("entry_id") == first.at("entry_id"));
  // Another body (even one that means the same) is not this key.
  CHECK_FALSE(cached.cached_json(R"({"as_of":"2026-01-01","question":"医保卡里的钱可以给家人用吗"})"));
  // The served context continues the conversation.
  kb::AskRequest next = brother_follows(cached, hit.at("context"));
  // A turn with a context depends on it: its body is never remembered.
  const std::string turn = R"({"question":"那我哥哥呢","as_of":"2026-01-01","context":")" + next.context + "\"}";
  cached.ask_json(next, turn);
  CHECK_FALSE(cached.cached_json(turn));
  // Nor is a body the cache is off for.
  kb::Answerer uncached(test::store(), {}, 0);
  uncached.ask_json(family, body);
  CHECK_FALSE(uncached.cached_json(body));
}
