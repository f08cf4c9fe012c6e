#include "kb/request.h"

#include <catch2/catch.hpp>

namespace {
std::string code_of(const kb::AskRequest& r) {
  try {
    kb::validate(r, kb::RequestLimits{});
  } catch (const kb::InvalidRequest& e) { return e.code; }
  return "ok";
}
kb::AskRequest with(std::string question, std::string format = "text", std::string as_of = "",
                    std::string region = "") {
  kb::AskRequest r;
  r.question = std::move(question), r.format = std::move(format), r.as_of = std::move(as_of),
  r.region = std::move(region);
  return r;
}
}  // namespace

TEST_CASE("request: every bad field has its own code, and nothing else is refused", "[request]") {
  struct Row {
    kb::AskRequest request;
    const char* code;
  };
  const Row rows[] = {
      {with("医保余额怎么查"), "ok"},
      {with(std::string(500, 'a')), "ok"},
      {with(""), "empty_question"},
      {with(" \t\n"), "empty_question"},
      {with(std::string(501, 'a')), "question_too_long"},
      {with("\xff\xfe"), "invalid_utf8"},
      {with("医保", "html"), "invalid_format"},
      {with("医保", "", ""), "ok"},  // "" is text
      {with("医保", "text", "2021-13-01"), "invalid_as_of"},
      {with("医保", "text", "2021-02-30"), "invalid_as_of"},
      {with("医保", "text", "2022-06-01"), "ok"},
      {with("医保", "text", "", std::string(51 * 3, 'x')), "invalid_region"},
  };
  for (const auto& r : rows) {
    INFO(r.request.question.substr(0, 20) << " " << r.request.format << " " << r.request.as_of);
    CHECK(code_of(r.request) == r.code);
  }
}

TEST_CASE("request: a valid request settles its format and date", "[request]") {
  auto r = with("医保", "speech");
  auto v = kb::validate(r, {});
  CHECK(v.format == kb::Format::Speech);
  CHECK(v.as_of.size() == 10);
  r.as_of = "2022-06-01";
  CHECK(kb::validate(r, {}).as_of == "2022-06-01");
}
