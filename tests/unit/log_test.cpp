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
