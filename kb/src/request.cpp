#include "kb/request.h"

#include <algorithm>

#include "kb/dates.h"
#include "kb/text.h"

namespace kb {

ValidRequest validate(const AskRequest& r, const RequestLimits& limits) {
  if (!is_valid_utf8(r.question) || !is_valid_utf8(r.region) || !is_valid_utf8(r.channel))
    throw InvalidRequest("invalid_utf8", "text fields must be valid UTF-8");
  const size_t n = utf8_length(r.question);
  const bool blank = std::all_of(r.question.begin(), r.question.end(),
                                 [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
  if (n == 0 || blank) throw InvalidRequest("empty_question", "question must not be empty");
  if (n > limits.max_question_chars)
    throw InvalidRequest("question_too_long", "question has " + std::to_string(n) + " characters; the limit is " +
                                                  std::to_string(limits.max_question_chars));
  auto format = parse_format(r.format);
  if (!format) throw InvalidRequest("invalid_format", "format must be text, markdown or speech");
  if (!r.as_of.empty() && !is_iso_date(r.as_of))
    throw InvalidRequest("invalid_as_of", "as_of must be a date YYYY-MM-DD");
  if (utf8_length(r.region) > limits.max_region_chars) throw InvalidRequest("invalid_region", "region is too long");
  return {r, *format, r.as_of.empty() ? today_iso() : r.as_of};
}

}  // namespace kb
