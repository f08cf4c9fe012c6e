#include "report.h"

#include <catch2/catch.hpp>

TEST_CASE("report: bigram Jaccard of normalised text", "[server][report]") {
  CHECK(faq::bigram_jaccard("公积金怎么取", "公积金怎么取") == 1.0);
  CHECK(faq::bigram_jaccard("公积金怎么取？", "公积金怎么取") == 1.0);  // punctuation folded
  CHECK(faq::bigram_jaccard("公积金怎么取", "公积金怎么提取") == Approx(4.0 / 7));
  CHECK(faq::bigram_jaccard("公积金", "养老金") == 0.0);
  CHECK(faq::bigram_jaccard("啊", "啊") == 1.0);  // one character: itself
  CHECK(faq::bigram_jaccard("", "") == 0.0);
}

TEST_CASE("report: similar wordings grouped, most asked first", "[server][report]") {
  const std::vector<faq::Asked> asked = {
      {"公积金怎么取", 8},     {"公积金怎么提取", 3},     {"公积金怎么取？", 2},
      {"养老金什么时候发", 5}, {"养老金什么时候发放", 1}, {"我想打个电话", 1},
  };
  const auto groups = faq::group_similar(asked, 0.5);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].asked == 13);
  CHECK(groups[0].wordings.size() == 2);  // "公积金怎么取？" is the same wording as "公积金怎么取"
  CHECK(groups[0].wordings[0].text == "公积金怎么取");
  CHECK(groups[0].wordings[0].count == 10);
  CHECK(groups[0].wordings[1].text == "公积金怎么提取");
  CHECK(groups[1].asked == 6);
  CHECK(groups[1].wordings[0].text == "养老金什么时候发");
  CHECK(groups[2].wordings[0].text == "我想打个电话");
  CHECK(faq::group_similar(asked, 1.01).size() == 5);  // nothing similar enough: one group per wording
}

TEST_CASE("report: CSV fields quoted and formulas neutralised", "[server][report]") {
  CHECK(faq::csv_field("plain") == "plain");
  CHECK(faq::csv_field("a,b") == "\"a,b\"");
  CHECK(faq::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(faq::csv_field("line\nbreak") == "\"line\nbreak\"");
  CHECK(faq::csv_field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(faq::csv_field("-1") == "'-1");
}
