// The /v1/ask request body: JSON with "question" and optional "region", "format", "channel",
// "as_of", "context". Throws kb::InvalidRequest with the error code on bad input.
#pragma once
#include <string>

#include "kb/request.h"

namespace faq {

kb::AskRequest parse_ask_body(const std::string& body);

}  // namespace faq
