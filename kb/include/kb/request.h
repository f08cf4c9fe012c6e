// A question as the API receives it, and its validation. Bad input is an InvalidRequest with a
// code and a message; nothing changes. The server maps it to 400 in one place.
#pragma once
#include <stdexcept>
#include <string>

#include "kb/render.h"
#include "kb/scoring.h"

namespace kb {

struct InvalidRequest : std::runtime_error {
  std::string code;
  InvalidRequest(std::string c, const std::string& message) : std::runtime_error(message), code(std::move(c)) {}
};

struct AskRequest {
  std::string question;
  std::string region;
  std::string format = "text";
  std::string channel;
  std::string as_of;    // YYYY-MM-DD; empty = today
  std::string context;  // the previous response's context, for a follow-up question
};

// A request that passed validation: its format parsed and its date settled.
struct ValidRequest {
  const AskRequest& request;
  Format format;
  std::string as_of;
};

// Throws InvalidRequest (invalid_utf8, empty_question, question_too_long, invalid_format,
// invalid_as_of, invalid_region) when the request cannot be answered.
ValidRequest validate(const AskRequest& r, const RequestLimits& limits);

}  // namespace kb
