#include "feedback.h"

#include <array>
#include <nlohmann/json.hpp>

#include "kb/request.h"
#include "kb/text.h"

namespace faq {
namespace {

constexpr std::array<std::string_view, 7> kRatings = {"up",      "down",         "very_satisfied",   "satisfied",
                                                      "neutral", "dissatisfied", "very_dissatisfied"};

const nlohmann::json* field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

std::string string_field(const nlohmann::json& j, const char* key, const char* missing_code) {
  const nlohmann::json* v = field(j, key);
  if (!v) {
    if (missing_code) throw kb::InvalidRequest(missing_code, std::string("\"") + key + "\" is required");
    return "";
  }
  if (!v->is_string()) throw kb::InvalidRequest("invalid_field", std::string("\"") + key + "\" must be a string");
  return v->get<std::string>();
}

}  // namespace

bool is_rating(std::string_view rating) {
  for (auto r : kRatings)
    if (r == rating) return true;
  return false;
}

bool is_negative_rating(std::string_view rating) {
  return rating == "down" || rating == "dissatisfied" || rating == "very_dissatisfied";
}

FeedbackRequest parse_feedback_body(const std::string& body) {
  if (!kb::is_valid_utf8(body)) throw kb::InvalidRequest("invalid_utf8", "the body is not valid UTF-8");
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw kb::InvalidRequest("invalid_json", "the body is not valid JSON");
  if (!j.is_object()) throw kb::InvalidRequest("invalid_json", "the body must be a JSON object");
  FeedbackRequest f;
  f.context = string_field(j, "context", "missing_context");
  if (f.context.empty()) throw kb::InvalidRequest("missing_context", "\"context\" must not be empty");
  f.rating = string_field(j, "rating", "invalid_rating");
  if (!is_rating(f.rating))
    throw kb::InvalidRequest("invalid_rating",
                             "\"rating\" must be up, down, very_satisfied, satisfied, neutral, dissatisfied or "
                             "very_dissatisfied");
  f.comment = string_field(j, "comment", nullptr);
  if (kb::utf8_length(f.comment) > kMaxCommentChars)
    throw kb::InvalidRequest("comment_too_long",
                             "\"comment\" is longer than " + std::to_string(kMaxCommentChars) + " characters");
  return f;
}

FeedbackRecord read_feedback(const std::string& body, const kb::ContextCodec& codec, int64_t now) {
  FeedbackRequest f = parse_feedback_body(body);
  std::optional<kb::ContextState> state = codec.decode(f.context, now);
  if (!state)
    throw kb::InvalidRequest("invalid_context", "\"context\" is not the context of an answer from this service");
  FeedbackRecord r;
  r.time_ms = now * 1000;
  r.rating = std::move(f.rating);
  r.comment = std::move(f.comment);
  r.context = std::move(f.context);
  r.entry_id = state->entry_id;
  r.topic = state->topic;
  r.kb_version = state->kb_version;
  return r;
}

}  // namespace faq
