#include "log.h"

#include <catch2/catch.hpp>

TEST_CASE("log: outside text cannot forge a line", "[server]") {
  struct Row {
    std::string in, out;
  };
  const std::vector<Row> rows = {
      {"医保余额怎么查", "医保余额怎么查"},
      {"a\nb", "a\\nb"},
      {"x\r\n[2026-01-01] [error] forged", "x\\r\\n[2026-01-01] [error] forged"},
      {std::string("nul\0end", 7), "nul\\x00end"},
      {"tab\there", "tab\\there"},
      {"\x1b[31mred", "\\x1b[31mred"},
      {"bad \xff byte", "bad \\xff byte"},
  };
  for (const auto& r : rows) CHECK(faq::log::printable(r.in) == r.out);
  std::string cut = faq::log::printable(std::string(300, 'a'), 10);
  CHECK(cut == "aaaaaaaaaa…");
  CHECK(faq::log::printable("医保医保", 7) == "医保…");  // never half a character
}

TEST_CASE("log: a user id becomes a short stable tag", "[server]") {
  const std::string tag = faq::log::user_tag("oSecretOpenId42");
  CHECK(tag.size() == 12);
  CHECK(tag == faq::log::user_tag("oSecretOpenId42"));
  CHECK(tag != faq::log::user_tag("oSecretOpenId43"));
  CHECK(tag.find("Secret") == std::string::npos);
}

TEST_CASE("log: personal data is redacted before a line is cut", "[server][redaction]") {
  faq::log::redact_with(
      std::make_shared<const faq::Redactor>(faq::parse_redaction_rules(faq::builtin_redaction_yaml(), "built-in")));
  CHECK(faq::log::printable("我叫张三\n手机13812345678") == "我叫[姓名]\\n手机[手机号]");
  // Cut after redaction: no half number is left at the end.
  const std::string cut = faq::log::printable("问题：身份证110105194912310021", 20);
  CHECK(cut.find("1101") == std::string::npos);
  faq::log::redact_with(nullptr);  // the other tests see text as it is
  CHECK(faq::log::printable("13812345678") == "13812345678");
}
