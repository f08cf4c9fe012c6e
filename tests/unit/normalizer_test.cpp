#include "kb/normalizer.h"

#include <catch2/catch.hpp>

#include "kb/text.h"

TEST_CASE("normalize: width, case, script, punctuation and emoji", "[normalizer]") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"醫保卡餘額怎麼查詢", "医保卡余额怎么查询"},        // traditional → simplified
      {"ＡＰＰ　１２３３３", "app 12333"},                 // full width → half width, case fold
      {"医保卡，余额？？", "医保卡 余额"},                 // punctuation separates, then trims
      {"😀医保😀卡", "医保 卡"},                             // emoji are separators
      {"  Yi Bao  ", "yi bao"},                            // spaces collapse and trim
      {"医保\t\n卡", "医保 卡"},                           // control characters
      {"「家庭共濟」", "家庭共济"},                        // CJK brackets
      {"\"医保\" AND OR NOT * ^ - :", "医保 and or not"},  // query syntax is just text
      {"", ""},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(kb::normalize_utf8(r.in) == r.out);
  }
}

TEST_CASE("han_pinyin gives one toneless reading per character", "[normalizer]") {
  CHECK(kb::han_pinyin(U'医') == "yi");
  CHECK(kb::han_pinyin(U'额') == "e");
  CHECK(kb::han_pinyin(U'济') == "ji");
  CHECK(kb::han_pinyin(U'a').empty());
}

TEST_CASE("UTF-8 validation rejects malformed input", "[text]") {
  CHECK(kb::is_valid_utf8("医保 abc"));
  CHECK_FALSE(kb::is_valid_utf8("\xff\xfe"));
  CHECK_FALSE(kb::is_valid_utf8("\xe5\x8c"));      // truncated
  CHECK_FALSE(kb::is_valid_utf8("\xc0\xaf"));      // overlong
  CHECK_FALSE(kb::is_valid_utf8("\xed\xa0\x80"));  // surrogate
  CHECK(kb::utf8_length("医保ab") == 4);
}
