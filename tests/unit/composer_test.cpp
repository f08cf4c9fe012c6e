#include <catch2/catch.hpp>

#include "fixture.h"

// "这算违规吗" asks whether something is forbidden: yes means it is (regression: such questions got
// the rule's "no" while the answer said it was a violation).
TEST_CASE("composer: a question whether something is a violation is answered as asked", "[composer]") {
  const auto& m = test::store().messages();
  auto r = test::ask("我老婆拿我的医保卡去给她自己开药，这算违规吗");
  CHECK(r.verdict == "yes");
  CHECK(r.answer.rfind(m.violation_forbidden, 0) == 0);
  auto scam = test::ask("有人打电话说能帮我把医保的钱提现到微信，是不是诈骗");
  CHECK(scam.verdict == "yes");
  CHECK(scam.answer.rfind(m.violation_scam, 0) == 0);
  CHECK(test::ask("我老婆拿我的医保卡去给她自己开药，行吗").verdict == "no");  // asked the usual way
}

// Regression: "……得准备啥材料" got the rule's "yes" and no list unless asked as a follow-up.
TEST_CASE("composer: a question for the materials gets the list", "[composer]") {
  auto r = test::ask("我老公去世了，他医保卡里的钱要转到我名下得准备啥材料");
  CHECK(r.verdict == "info");
  CHECK(r.answer.find(test::store().messages().materials_heading) != std::string::npos);
  CHECK(r.answer.find("死亡证明") != std::string::npos);
}

TEST_CASE("composer: a short can-question about a procedure is a yes, a which-question is not", "[composer]") {
  auto yes = test::ask("支付宝能查余额吗");
  CHECK(yes.verdict == "yes");
  CHECK(yes.answer.rfind("可以", 0) == 0);
  CHECK(test::ask("家庭共济能绑几个人").verdict != "yes");
}

TEST_CASE("composer: a missing fact is asked for, with the options from the lexicon", "[composer]") {
  auto r = test::ask("医保里的钱能给亲戚用吗", "2026-01-01");
  CHECK(r.verdict == "conditional");
  REQUIRE(r.ask);
  CHECK(r.ask->slot == "relation");
  CHECK(r.ask->question == test::store().messages().clarify_question("relation"));
  CHECK(r.ask->options == test::store().lexicon().relation_names());
}

TEST_CASE("composer: out of scope points elsewhere and never borrows a rule", "[composer]") {
  auto r = test::ask("帮我推荐一只股票");
  CHECK(r.topic == "out_of_scope");
  CHECK(r.verdict == "unknown");
  CHECK(r.entry_id.empty());
  CHECK(r.answer.rfind(test::store().messages().out_of_scope.lead, 0) == 0);
  CHECK(r.answer.find("股票") != std::string::npos);  // names the other domain's word
}
