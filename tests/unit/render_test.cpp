#include "kb/render.h"

#include <catch2/catch.hpp>

#include "fixture.h"
#include "kb/sentences.h"
#include "kb/text.h"

TEST_CASE("answer: speech is short plain sentences, verdict first", "[answer][render]") {
  for (const char* q : {"医保卡里的钱能取出来吗", "家庭共济怎么绑定", "我老婆能用我医保卡里的钱买药吗",
                        "怎么查询医保卡余额", "今天天气怎么样"}) {
    INFO(q);
    auto r = test::ask(q, "", "speech");
    CHECK(kb::utf8_length(r.answer) <= kb::kSpeechLimit);
    for (const char* bad : {"http", "**", "#", "- ", "1.", "[", "（", "“"})
      CHECK(r.answer.find(bad) == std::string::npos);
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

TEST_CASE("render: chat messages fit WeChat's limit at a sentence end, with short source titles", "[render]") {
  const auto& m = test::store().messages();
  std::vector<kb::Source> sources = {
      {"国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见", "", ""}, {"短", "", ""}, {"第三", "", ""}};
  std::string text = kb::chat_message("可以。说明。", sources, m, 2000);
  CHECK(text.find(m.wechat.sources) != std::string::npos);
  CHECK(text.find("第三") == std::string::npos);  // two sources at most
  CHECK(text.find("…") != std::string::npos);     // a long title is cut
  std::string long_answer;
  for (int i = 0; i < 200; ++i) long_answer += "这是一句话。";
  std::string cut = kb::chat_message(long_answer, {}, m, 2000);
  CHECK(cut.size() <= 2000);
  CHECK(cut.substr(cut.size() - 6) == "。…");
  CHECK(kb::fit_bytes("短文本", 2000) == "短文本");
}

TEST_CASE("render: formats by name", "[render]") {
  CHECK(kb::parse_format("") == kb::Format::Text);
  CHECK(kb::parse_format("markdown") == kb::Format::Markdown);
  CHECK(kb::parse_format("speech") == kb::Format::Speech);
  CHECK_FALSE(kb::parse_format("html"));
}

TEST_CASE("render: templates fill known placeholders and leave the rest", "[render]") {
  const std::map<std::string, std::string> vars = {{"relation", "配偶"}, {"region", ""}};
  CHECK(kb::fill("{relation}可以用", vars) == "配偶可以用");
  CHECK(kb::fill("在{region}办", vars) == "在办");
  CHECK(kb::fill("{colour}不变", vars) == "{colour}不变");
  CHECK(kb::fill("{a{relation}}", vars) == "{a配偶}");
  CHECK(kb::fill("no braces", vars) == "no braces");
  CHECK(kb::fill("{unclosed", vars) == "{unclosed");
}
