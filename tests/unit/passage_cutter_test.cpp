#include "kb/passage_cutter.h"

#include <catch2/catch.hpp>

namespace {

// The markers of kb/articles/headings.yaml, copied: the cutter is tested on its own.
const std::vector<kb::HeadingRule>& rules() {
  static const std::vector<kb::HeadingRule> r = {
      {"chapter", "(第[〇零一二三四五六七八九十百]+章.*)"},
      {"article", "(第[〇零一二三四五六七八九十百千]+条)\\s*"},
      {"item", "([一二三四五六七八九十]+、[^。；：:！？]{1,30}?)(?:[。：:]|$)"},
      {"subitem", "([（(][一二三四五六七八九十]+[）)][^。；：:！？]{1,30}?)(?:[。：:]|$)"},
  };
  return r;
}

std::string describe(const std::vector<kb::Passage>& passages) {
  std::string out;
  for (const auto& p : passages) {
    out += std::to_string(p.line) + " [";
    for (size_t i = 0; i < p.headings.size(); ++i) out += (i ? " › " : "") + p.headings[i];
    out += "] " + p.text + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("passages: headings open passages that keep the path above them", "[articles]") {
  struct Case {
    std::vector<std::string> lines;
    std::string expected;  // line [path] text, one passage a line
  };
  const std::vector<Case> cases = {
      // A law: chapters hold articles; an article's clause follows its marker on the same line.
      {{"第一章 总则", "第一条　为了管好基金。", "第二条 适用范围。", "第二章 基金使用", "第十条　持卡就医。"},
       "2 [第一章 总则 › 第一条] 为了管好基金。\n3 [第一章 总则 › 第二条] 适用范围。\n"
       "5 [第二章 基金使用 › 第十条] 持卡就医。\n"},
      // A State Council opinion: 一、 sections, （一） items whose first sentence is their heading.
      {{"一、总体要求", "（一）指导思想。以人民健康为中心。", "（二）基本原则。", "坚持保障基本。", "二、个人账户",
        "账户用于本人。"},
       "2 [一、总体要求 › （一）指导思想] 以人民健康为中心。\n4 [一、总体要求 › （二）基本原则] 坚持保障基本。\n"
       "6 [二、个人账户] 账户用于本人。\n"},
      // Markdown headings enclose markers; "## 第二章" takes the chapter's place; the title adds nothing.
      {{"# 某条例", "序言一句。", "## 说明", "第一条 甲。", "## 第二章 罚则", "第九条 乙。"},
       "2 [] 序言一句。\n4 [说明 › 第一条] 甲。\n6 [第二章 罚则 › 第九条] 乙。\n"},
      // A long first sentence after 一、 is text, not a heading; wrapped lines join; blank lines part paragraphs.
      {{"一、个人账户里的钱可以用来支付本人在定点医疗机构就医时由个人负担的医疗费用。", "第二行接上。", "", "另一段。"},
       "1 [] 一、个人账户里的钱可以用来支付本人在定点医疗机构就医时由个人负担的医疗费用。第二行接上。\n另一段。\n"},
      // A heading without text under it makes no passage; list items are paragraphs of their own.
      {{"第一章 总则", "第二章 范围", "- 本人", "- 家人"}, "3 [第二章 范围] - 本人\n- 家人\n"},
      // "## 第二章" nests "###" under it and is closed by the next chapter line.
      {{"## 第二章 罚则", "### 小节", "文。", "第三章 附则", "尾。"},
       "3 [第二章 罚则 › 小节] 文。\n5 [第三章 附则] 尾。\n"},
      // Latin words on wrapped lines keep a space between them.
      {{"## Scope", "applies to", "everyone."}, "2 [Scope] applies to everyone.\n"},
  };
  const kb::PassageCutter cutter(rules(), 400);
  for (const auto& c : cases) {
    INFO(c.lines.front());
    CHECK(describe(cutter.cut(c.lines, 1, "某条例")) == c.expected);
  }
}

TEST_CASE("passages: a long section is cut at paragraph ends, then at sentence ends", "[articles]") {
  const kb::PassageCutter cutter({}, 10);
  const auto passages =
      cutter.cut({"## 长", "一二三四五。", "", "六七八九。", "", "甲乙丙丁戊己庚辛。壬癸子丑。"}, 1, "");
  CHECK(describe(passages) == "2 [长] 一二三四五。\n2 [长] 六七八九。\n2 [长] 甲乙丙丁戊己庚辛。\n2 [长] 壬癸子丑。\n");
}

TEST_CASE("passages: a heading pattern that does not compile is refused with its name", "[articles]") {
  CHECK_THROWS_WITH(kb::PassageCutter({{"broken", "(第[一二"}}, 400), Catch::Contains("heading 'broken'"));
}
