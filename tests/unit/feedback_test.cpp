#include "feedback.h"

#include <catch2/catch.hpp>

#include "kb/request.h"

namespace {
std::string code_of(const std::string& body) {
  try {
    faq::parse_feedback_body(body);
  } catch (const kb::InvalidRequest& e) { return e.code; }
  return "";
}
}  // namespace

TEST_CASE("feedback body: what is accepted and each refusal's code", "[server][feedback]") {
  struct Row {
    std::string body, code;  // code empty: accepted
  };
  const std::vector<Row> rows = {
      {R"({"context":"abc","rating":"up"})", ""},
      {R"({"context":"abc","rating":"down","comment":"答非所问"})", ""},
      {R"({"context":"abc","rating":"very_satisfied"})", ""},
      {R"({"context":"abc","rating":"satisfied"})", ""},
      {R"({"context":"abc","rating":"neutral"})", ""},
      {R"({"context":"abc","rating":"dissatisfied","comment":null})", ""},
      {R"({"context":"abc","rating":"very_dissatisfied"})", ""},
      {"", "invalid_json"},
      {"not json", "invalid_json"},
      {"[1,2]", "invalid_json"},
      {"\xff\xfe", "invalid_utf8"},
      {R"({"rating":"up"})", "missing_context"},
      {R"({"context":"","rating":"up"})", "missing_context"},
      {R"({"context":12,"rating":"up"})", "invalid_field"},
      {R"({"context":"abc"})", "invalid_rating"},
      {R"({"context":"abc","rating":"UP"})", "invalid_rating"},
      {R"({"context":"abc","rating":"great"})", "invalid_rating"},
      {R"({"context":"abc","rating":5})", "invalid_field"},
      {R"({"context":"abc","rating":"up","comment":7})", "invalid_field"},
      {R"({"context":"abc","rating":"up","comment":")" + std::string(1001, 'x') + "\"}", "comment_too_long"},
  };
  for (const auto& r : rows) {
    INFO(r.body.substr(0, 80));
    CHECK(code_of(r.body) == r.code);
  }
  const faq::FeedbackRequest f = faq::parse_feedback_body(R"({"context":"abc","rating":"down","comment":"不对"})");
  CHECK(f.context == "abc");
  CHECK(f.rating == "down");
  CHECK(f.comment == "不对");
  // 1000 characters (not bytes) are allowed.
  std::string long_comment;
  for (int i = 0; i < 1000; ++i) long_comment += "字";
  CHECK(code_of(R"({"context":"abc","rating":"up","comment":")" + long_comment + "\"}").empty());
}

TEST_CASE("feedback: the context must verify, and names the answer rated", "[server][feedback]") {
  const kb::ContextCodec codec(std::string(32, 's'), 3600);
  kb::ContextState state;
  state.kb_version = "v1";
  state.entry_id = "bq-overview";
  state.topic = "balance_query";
  const int64_t now = 1'800'000'000;
  state.issued = now - 10;
  const std::string context = codec.encode(state);
  const faq::FeedbackRecord r =
      faq::read_feedback(R"({"context":")" + context + R"(","rating":"down","comment":"x"})", codec, now);
  CHECK(r.entry_id == "bq-overview");
  CHECK(r.topic == "balance_query");
  CHECK(r.kb_version == "v1");
  CHECK(r.rating == "down");
  CHECK(r.time_ms == now * 1000);
  auto refused = [&](const std::string& ctx, const kb::ContextCodec& c, int64_t at) {
    try {
      faq::read_feedback(R"({"context":")" + ctx + R"(","rating":"up"})", c, at);
    } catch (const kb::InvalidRequest& e) { return e.code; }
    return std::string();
  };
  CHECK(refused(context, codec, now).empty());
  std::string tampered = context;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  CHECK(refused(tampered, codec, now) == "invalid_context");
  CHECK(refused(context, kb::ContextCodec(std::string(32, 't'), 3600), now) == "invalid_context");  // other secret
  CHECK(refused(context, codec, now + 7200) == "invalid_context");                                  // expired
  CHECK(faq::is_negative_rating("very_dissatisfied"));
  CHECK_FALSE(faq::is_negative_rating("neutral"));
}
