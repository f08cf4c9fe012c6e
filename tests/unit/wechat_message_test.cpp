#include "wechat_message.h"

#include <catch2/catch.hpp>

#include "wechat_crypto.h"

TEST_CASE("wechat: only a DOCTYPE in the XML prolog is refused", "[wechat]") {
  struct Row {
    const char* body;
    bool refused;
  };
  const Row rows[] = {
      {"<xml><Content><![CDATA[hi]]></Content></xml>", false},
      {"<?xml version=\"1.0\"?><xml/>", false},
      {"  <!-- a comment --> <xml/>", false},
      {"<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml/>", true},
      {"<?xml version=\"1.0\"?>\n<!doctype xml><xml/>", true},
      {"<!-- x --><!ENTITY e \"x\"><xml/>", true},
      // A resident may type anything inside a message.
      {"<xml><Content><![CDATA[<!DOCTYPE 医保余额怎么查]]></Content></xml>", false},
      {"<xml><Content><![CDATA[<!ENTITY]]></Content></xml>", false},
  };
  for (const auto& r : rows) {
    INFO(r.body);
    CHECK(faq::xml_prolog_declares_doctype(r.body) == r.refused);
  }
  auto m = faq::parse_wechat_message(
      "<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content><![CDATA[<!DOCTYPE 医保]]></Content></xml>");
  CHECK(m.content == "<!DOCTYPE 医保");
  CHECK_THROWS_AS(faq::parse_wechat_message("<!DOCTYPE x><xml/>"), faq::WeChatError);
}

TEST_CASE("wechat: numbers are parsed without overflow", "[wechat]") {
  CHECK(faq::parse_decimal("1714036504") == 1714036504);
  CHECK(faq::parse_decimal("0") == 0);
  CHECK(faq::parse_decimal("999999999999999999") == 999999999999999999LL);  // 18 digits
  for (const char* bad :
       {"", "-1", "+1", "1e9", " 1", "9223372036854775808", "9999999999999999999", "99999999999999999999"})
    CHECK_FALSE(faq::parse_decimal(bad));
  CHECK_FALSE(faq::parse_decimal("1714036504", 9));
}

TEST_CASE("wechat: JSON pushes keep a 64-bit MsgId exact and say they are JSON", "[wechat]") {
  auto m = faq::parse_wechat_message(
      R"({"ToUserName":"gh","FromUserName":"o","MsgType":"text","Content":"x","MsgId":18446744073709551615,"CreateTime":"12"})");
  CHECK(m.msg_id == "18446744073709551615");
  CHECK(m.create_time == 12);
  CHECK(m.json);
  CHECK_THROWS_AS(faq::parse_wechat_message("[]"), faq::WeChatError);
  CHECK_THROWS_AS(faq::parse_wechat_message("   "), faq::WeChatError);
}
