#include "ask_body.h"

#include <nlohmann/json.hpp>

#include "kb/text.h"

namespace faq {
namespace {

std::string optional_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (!it->is_string()) throw kb::InvalidRequest("invalid_field", std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

}  // namespace

kb::AskRequest parse_ask_body(const std::string& body) {
  if (!kb::is_valid_utf8(body)) throw kb::InvalidRequest("invalid_utf8", "the body is not valid UTF-8");
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw kb::InvalidRequest("invalid_json", "the body is not valid JSON");
  if (!j.is_object()) throw kb::InvalidRequest("invalid_json", "the body must be a JSON object");
  auto q = j.find("question");
  if (q == j.end() || q->is_null()) throw kb::InvalidRequest("missing_question", "\"question\" is required");
  if (!q->is_string()) throw kb::InvalidRequest("invalid_field", "\"question\" must be a string");
  kb::AskRequest r;
  r.question = q->get<std::string>();
  r.region = optional_string(j, "region");
  r.format = optional_string(j, "format");
  if (r.format.empty()) r.format = "text";
  r.channel = optional_string(j, "channel");
  r.as_of = optional_string(j, "as_of");
  // A context is opaque to the client; one that is not even a string is ignored like a tampered one.
  if (auto c = j.find("context"); c != j.end() && c->is_string()) r.context = c->get<std::string>();
  return r;
}

}  // namespace faq
