// The /v1/ask body: any bytes either give a request that validation accepts or refuses with one
// of the documented codes (kb::InvalidRequest), never another exception (which the server would
// answer with a 500) and never a sanitizer report. Seeds: corpus/ask_body/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "ask_body.h"
#include "kb/request.h"
#include "kb/text.h"

namespace {

bool documented(const std::string& code) {
  static const std::set<std::string> codes = {"invalid_json",      "missing_question", "empty_question",
                                              "question_too_long", "invalid_utf8",     "invalid_field",
                                              "invalid_format",    "invalid_as_of",    "invalid_region"};
  return codes.count(code) > 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    const kb::AskRequest r = faq::parse_ask_body(body);
    const kb::ValidRequest v = kb::validate(r, kb::RequestLimits{});
    // What validation let through is what the pipeline may assume.
    if (!kb::is_valid_utf8(r.question) || r.question.empty() || v.as_of.size() != 10) abort();
    if (!r.context.empty() && !kb::is_valid_utf8(r.context)) abort();
  } catch (const kb::InvalidRequest& e) {
    if (!documented(e.code)) {
      fprintf(stderr, "undocumented error code: %s\n", e.code.c_str());
      abort();
    }
  }
  return 0;
}
