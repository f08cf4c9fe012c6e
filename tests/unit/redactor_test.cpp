#include "redactor.h"

#include <catch2/catch.hpp>

namespace {
const faq::Redactor& builtin() {
  static const faq::Redactor r(faq::parse_redaction_rules(faq::builtin_redaction_yaml(), "built-in"));
  return r;
}
}  // namespace

TEST_CASE("redactor: personal data in residents' text, exact outputs", "[server][redaction]") {
  struct Row {
    std::string in, out;
  };
  const std::vector<Row> rows = {
      // ID cards: 18 digits, the last may be X; also the old 15-digit form.
      {"我的身份证号码是110105194912310021", "我的身份证号码是[身份证号]"},
      {"身份证11010519491231002X，手机13812345678", "身份证[身份证号]，手机[手机号]"},
      {"id 11010519491231002x ok", "id [身份证号] ok"},
      {"旧证110105491231002", "旧证[身份证号]"},
      // Mobiles: 11 digits starting with 1, also grouped; full-width digits too.
      {"手机138-1234-5678或者138 1234 5678", "手机[手机号]或者[手机号]"},
      {"２０２２年６月１日，手机１３８１２３４５６７８", "２０２２年６月１日，手机[手机号]"},
      // Bank cards: 16 to 19 digits, grouped or not.
      {"银行卡6222021234567890123", "银行卡[银行卡号]"},
      {"银行卡 6222 0212 3456 7890 123 能绑吗", "银行卡 [银行卡号] 能绑吗"},
      {"卡号6222021234567890", "卡号[银行卡号]"},
      // Other long numbers (landline with area code, accounts): 9 digits or more.
      {"电话010-12345678", "电话[号码]"},
      // 社保卡 numbers named by their label, whatever their shape.
      {"社保卡号：A12345678", "社保卡号：[社保卡号]"},
      {"医保卡号为 1234 5678 9", "医保卡号为 [社保卡号]"},
      {"社会保障号码110105194912310021", "社会保障号码[社保卡号]"},
      {"社保卡号是多少", "社保卡号是多少"},  // a label without a code
      // Names after the words people introduce themselves with.
      {"我叫张三，想问医保", "我叫[姓名]，想问医保"},
      {"我叫欧阳娜娜", "我叫[姓名]"},
      {"我叫王有才", "我叫[姓名]"},  // the stop characters end a name only after two characters
      {"本人王小明想咨询", "本人[姓名]想咨询"},
      {"姓名：李四", "姓名：[姓名]"},
      {"本人余额多少", "本人余额多少"},      // 本人 = myself; 余额 is not a name
      {"本人想问一下", "本人想问一下"},      // no surname after 本人
      {"本人是退休职工", "本人是退休职工"},  // nor here
      {"本人李", "本人李"},                  // one character is not a name
      // What must stay: dates, short numbers, the hotline, amounts.
      {"2022-06-01 医保余额", "2022-06-01 医保余额"},
      {"余额是1234元", "余额是1234元"},
      {"打12333问", "打12333问"},
      {"", ""},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(builtin().redact(r.in) == r.out);
  }
}

TEST_CASE("redactor: everything at once leaves none of the digits", "[server][redaction]") {
  const std::string q = "我叫张三，身份证110105194912310021，手机13812345678，银行卡6222 0212 3456 7890 123";
  const std::string out = builtin().redact(q);
  CHECK(out == "我叫[姓名]，身份证[身份证号]，手机[手机号]，银行卡[银行卡号]");
  for (char c = '0'; c <= '9'; ++c) CHECK(out.find(c) == std::string::npos);
}

TEST_CASE("redactor: rules are data; a bad file is reported by name", "[server][redaction]") {
  const faq::Redactor r(faq::parse_redaction_rules(R"(numbers:
  - {name: six, digits: 6, replace: "<six>"}
names:
  replace: "<name>"
  markers: [i am]
  surnames: ""
)",
                                                   "test.yaml"));
  CHECK(r.redact("code 123456 and 1234567") == "code <six> and 1234567");
  CHECK_THROWS_WITH(faq::parse_redaction_rules("numbers:\n  - {name: x, digits: 0, replace: y}\n", "my.yaml"),
                    Catch::Contains("my.yaml") && Catch::Contains("digits"));
  CHECK_THROWS_WITH(faq::parse_redaction_rules("numbers: [\n", "broken.yaml"), Catch::Contains("broken.yaml:"));
}
