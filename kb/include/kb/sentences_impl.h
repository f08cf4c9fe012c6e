// Template definitions for sentences.h.
#pragma once
#include <cstddef>
#include <string_view>

namespace kb {

inline size_t utf8_bytes_of(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

template <class Ends>
size_t last_end_within(std::u32string_view text, size_t limit, Ends ends, bool bytes) {
  size_t used = 0, cut = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    used += bytes ? utf8_bytes_of(text[i]) : 1;
    if (used > limit) break;
    if (ends(text[i])) cut = i + 1;
  }
  return cut;
}

}  // namespace kb
