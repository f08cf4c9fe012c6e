// Turns the words of a question into an FTS5 MATCH expression over the per-character index.
// User text never reaches FTS5 syntax raw: every word is a double-quoted phrase (quotes doubled),
// joined by our own OR, so quotes, AND/OR/NOT/NEAR, *, ^, -, : and column names inside a question
// are only ever text (measured on SQLite 3.40.1: each of these raw is a syntax error or a silent
// column filter).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Quotes one phrase for FTS5: "a""b".
std::string fts_quote(std::string_view text);

// "w1" OR "w2" …, at most `max_words` distinct non-empty words; "" when there are none.
std::string compile_text_match(const std::vector<std::string>& words, size_t max_words = 16);

}  // namespace kb
