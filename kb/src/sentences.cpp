#include "kb/sentences.h"

#include "kb/text.h"

namespace kb {

bool is_sentence_end(char32_t c) { return c == U'。' || c == U'！' || c == U'？'; }
bool is_clause_end(char32_t c) { return c == U'，' || c == U'；'; }

std::string fit_bytes(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  const std::u32string u = to_u32(text);
  const size_t room = limit - 3;  // "…" is three bytes
  size_t cut = last_end_within(
      u, room, [](char32_t c) { return is_sentence_end(c) || c == U'\n'; }, true);
  std::u32string kept = u.substr(0, cut);
  if (to_utf8(kept).size() <= limit / 2) {  // too little: fill the room instead
    size_t used = 0, n = 0;
    while (n < u.size() && used + utf8_bytes_of(u[n]) <= room) used += utf8_bytes_of(u[n++]);
    kept = u.substr(0, n);
  }
  return to_utf8(kept) + "…";
}

}  // namespace kb
