#include <catch2/catch.hpp>

#include "fixture.h"

TEST_CASE("retriever: ranks by concept overlap, synonyms and all", "[retriever]") {
  auto a = test::stage("医保卡余额怎么查");
  auto b = test::stage("社保卡里的钱咋查");  // the same concepts, said colloquially
  REQUIRE_FALSE(a.found.ranked.empty());
  CHECK(a.found.ranked.front().entry == b.found.ranked.front().entry);
  CHECK(test::store().info(a.found.ranked.front().entry).topic == "balance_query");
  // Scores are best first, and between 0 and about 1 (plus a small slot bonus).
  for (size_t i = 1; i < a.found.ranked.size(); ++i) CHECK(a.found.ranked[i - 1].score >= a.found.ranked[i].score);
  CHECK(a.found.ranked.front().score <= 1.2);
}

TEST_CASE("retriever: other domains' words are reported, and two provinces imply 异地", "[retriever]") {
  CHECK(test::stage("公积金怎么取").found.offtopic == std::vector<std::string>{"公积金"});
  auto far = test::stage("我在北京上班交医保，我妈在河北，她买药能用我的钱吗");
  const std::string& implied = test::store().lexicon().dialogue().cross_province_concept;
  CHECK(
      std::any_of(far.found.terms.begin(), far.found.terms.end(), [&](const kb::Term& t) { return t.key == implied; }));
}

TEST_CASE("retriever: entries out of force for the date are not candidates", "[retriever]") {
  auto in_force = [](const std::string& as_of) {
    std::vector<std::string> ids;
    for (const auto& c : test::stage("医保个人账户是什么", as_of).found.ranked)
      ids.push_back(test::store().info(c.entry).id);
    return ids;
  };
  // Entries that took effect in 2021 are not offered for an earlier date.
  auto from = [](const std::string& id) { return test::store().info(*test::store().entry_index(id)).effective_from; };
  auto before = in_force("2020-01-01"), after = in_force("2026-01-01");
  for (const auto& id : before) CHECK(from(id) <= "2020-01-01");
  CHECK(std::any_of(after.begin(), after.end(), [&](const std::string& id) { return from(id) > "2020-01-01"; }));
}

TEST_CASE("retriever: without a shared concept, the text search still offers entries", "[retriever]") {
  auto s = test::stage("xyzzy 医保");
  CHECK_FALSE(s.found.ranked.empty());
  auto none = test::stage("xyzzy plugh");
  CHECK_FALSE(none.found.text_match.empty());
  for (const auto& c : none.found.ranked) CHECK(c.score == 0);  // offered, never answered
}

TEST_CASE("retriever: a question about the asker alone ranks entries about relatives lower", "[retriever]") {
  auto topic_of_best = [](const std::string& q) {
    auto s = test::stage(q);
    REQUIRE_FALSE(s.found.ranked.empty());
    return test::store().info(s.found.ranked.front().entry).topic;
  };
  // Before the penalty, "我自己…" landed on how relatives pay, whose rule says "不能拿你的卡": a no.
  CHECK(topic_of_best("我自己能用我的医保卡在药店买药吗") == "account_basics");
  CHECK(topic_of_best("自己看病能用医保卡吗") == "account_basics");
  // A relative, another person or 共济 named: no penalty.
  CHECK(topic_of_best("俺娘去药店拿药，刷她自己的卡还是刷俺的") == "family_sharing_usage");
  CHECK(topic_of_best("共济绑了好几个账户，扣费顺序能自己设置吗") == "family_sharing_usage");
}

TEST_CASE("retriever: a question naming what a topic shuns ranks that topic's entries lower", "[retriever]") {
  auto best = [](const std::string& q) {
    auto s = test::stage(q);
    REQUIRE_FALSE(s.found.ranked.empty());
    return test::store().info(s.found.ranked.front().entry);
  };
  // Before topics.yaml `shuns`, this cash-out question ranked who may share first, and its yes
  // answered "can I take the money out for an old relative's living costs".
  const auto cash = best("我绑了家庭共济，能不能把共济的钱取出来给老人当生活费？");
  CHECK(cash.topic == "withdrawal_conditions");
  // Without 提取, sharing keeps its place.
  CHECK(best("我绑了家庭共济，共济的钱能给老人买药吗").topic.rfind("family_sharing", 0) == 0);
}
