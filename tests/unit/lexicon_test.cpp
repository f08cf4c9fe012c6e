#include <catch2/catch.hpp>

#include "fixture.h"
#include "kb/normalizer.h"
#include "kb/text.h"

TEST_CASE("lexicon: relations in file order, composed by rule", "[lexicon]") {
  const auto& lex = test::store().lexicon();
  const auto names = lex.relation_names();
  REQUIRE(names.size() >= 10);
  CHECK(names.front() == "配偶");
  CHECK(names.back() == "其他");
  const int spouse = *lex.relation_index("配偶"), parents = *lex.relation_index("父母");
  const int children = *lex.relation_index("子女"), grandparents = *lex.relation_index("祖父母");
  auto composed = lex.compose(spouse, parents);
  REQUIRE(composed);
  CHECK(names[static_cast<size_t>(composed->relation)] == "配偶的父母");
  CHECK_FALSE(lex.compose(spouse, spouse));  // no rule
  // 孩子他爷爷: ambiguous, unless the asker said who they are.
  CHECK(lex.compose(children, grandparents)->ambiguous);
  CHECK(names[static_cast<size_t>(lex.compose(children, grandparents, kb::Lexicon::Asker::Male)->relation)] == "父母");
  CHECK(names[static_cast<size_t>(lex.compose(children, grandparents, kb::Lexicon::Asker::Female)->relation)] ==
        "配偶的父母");
}

TEST_CASE("lexicon: the asker's sex from a kinship term used of themselves", "[lexicon]") {
  const auto& lex = test::store().lexicon();
  CHECK(lex.asker_from("孩子他爸") == kb::Lexicon::Asker::Male);
  CHECK(lex.asker_from("女婿") == kb::Lexicon::Asker::Male);
  CHECK(lex.asker_from("儿媳妇") == kb::Lexicon::Asker::Female);
  CHECK(lex.asker_from("孩子") == kb::Lexicon::Asker::Unknown);
}

TEST_CASE("lexicon: forms, regions and pinyin", "[lexicon]") {
  const auto& lex = test::store().lexicon();
  auto form = lex.find_form(kb::to_u32("医保卡"));
  REQUIRE(form);
  CHECK(lex.concept_def(*lex.concept_of_form(*form)).id == "医保");
  CHECK_FALSE(lex.find_form(kb::to_u32("医保卡余")));
  CHECK(lex.region_display(*lex.find_region("兰州市")) == "兰州");
  CHECK(lex.province_of(*lex.find_region("兰州")) == *lex.find_region("甘肃"));
  CHECK_FALSE(lex.find_region("火星"));
  CHECK(lex.form_text(*lex.form_by_pinyin("yibao", false)) == U"医保");
  CHECK(lex.is_first_person("俺"));
  CHECK(lex.is_third_person("她们"));
}

TEST_CASE("lexicon: a question word inside a report of what someone said is not the asker's", "[lexicon]") {
  const auto& lex = test::store().lexicon();
  auto asks_can = [&](const char* q) { return lex.asks_outright(kb::to_u32(kb::normalize_utf8(q)), "can"); };
  // Regression (h13-065): the pharmacy's 可以 made the violation question a can-question, and the
  // answer said 不合规 with the verdict no.
  CHECK_FALSE(asks_can("小区门口药店说医保卡可以刷卡换米面油，这样算违规吗？"));
  CHECK(asks_can("算不算套现？能这么干吗"));
  CHECK(asks_can("药店说要换米面油，我可以这么做吗"));  // the asker's own clause
}
