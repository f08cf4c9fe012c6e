#include "ask_body.h"

#include <catch2/catch.hpp>

namespace {
std::string code_of(const std::string& body) {
  try {
    faq::parse_ask_body(body);
  } catch (const kb::InvalidRequest& e) { return e.code; }
  return "ok";
}
}  // namespace

TEST_CASE("ask body: every bad input gets its own error code", "[http]") {
  struct Row {
    std::string body;
    const char* code;
  };
  const Row rows[] = {
      {R"({"question":"医保余额怎么查"})", "ok"},
      {R"({"question":"医保","format":"speech","region":"兰州","as_of":"2022-06-01","channel":"wechat"})", "ok"},
      {"{", "invalid_json"},
      {"[1,2]", "invalid_json"},
      {"", "invalid_json"},
      {"{}", "missing_question"},
      {R"({"question":null})", "missing_question"},
      {R"({"question":12})", "invalid_field"},
      {R"({"question":"x","region":5})", "invalid_field"},
      {"{\"question\":\"\xff\"}", "invalid_utf8"},
  };
  for (const auto& r : rows) {
    INFO(r.body);
    CHECK(code_of(r.body) == r.code);
  }
}
