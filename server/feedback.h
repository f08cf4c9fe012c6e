// The /v1/feedback request body: {"context": the rated answer's context, "rating": …, "comment"?}.
// Ratings: "up" / "down", or the five levels of the government-service 好差评 scale
// (国办发〔2019〕51号): very_satisfied, satisfied, neutral, dissatisfied, very_dissatisfied.
//
// The context must verify (the codec's key and expiry): it names the answer rated (entry, topic,
// kb_version), so a rating cannot be made up for an answer never given. Bad input throws
// kb::InvalidRequest with its code, which the server answers with 400 like any bad request.
//
// Thread-safety: pure functions.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "kb/context_codec.h"
#include "question_log.h"

namespace faq {

struct FeedbackRequest {
  std::string context, rating, comment;
};

constexpr size_t kMaxCommentChars = 1000;

bool is_rating(std::string_view rating);
bool is_negative_rating(std::string_view rating);  // down, dissatisfied, very_dissatisfied

// Throws kb::InvalidRequest: invalid_utf8, invalid_json, missing_context, invalid_field,
// invalid_rating, comment_too_long.
FeedbackRequest parse_feedback_body(const std::string& body);

// The record to store for a body at `now` (unix seconds); also throws invalid_context when the
// context does not verify.
FeedbackRecord read_feedback(const std::string& body, const kb::ContextCodec& codec, int64_t now);

}  // namespace faq
