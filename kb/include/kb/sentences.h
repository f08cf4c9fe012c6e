// Cutting text at sentence ends: one cutter for the two places that shorten answers, speech for
// hotline agents (in characters) and WeChat replies (in bytes).
#pragma once
#include <string>
#include <string_view>

namespace kb {

bool is_sentence_end(char32_t c);  // 。！？
bool is_clause_end(char32_t c);    // ，；

// The length of the longest prefix of `text` that holds at most `limit` units and ends right
// after a character `ends` accepts; 0 when there is none. Units are code points, or UTF-8 bytes
// when `bytes` is set.
template <class Ends>
size_t last_end_within(std::u32string_view text, size_t limit, Ends ends, bool bytes = false);

// `text` (UTF-8) cut to at most `limit_bytes` bytes: at the last sentence end (or line end) when
// that keeps more than half, otherwise anywhere; a cut text ends with "…".
std::string fit_bytes(const std::string& text, size_t limit_bytes);

}  // namespace kb

#include "kb/sentences_impl.h"
