// Text normalisation: the first filter of the analysis chain, identical at index and query time.
//
// Thread-safety: the tables are built once (function-local statics) and are read-only afterwards,
// so any number of threads may call these functions concurrently. ICU's rule-based transliterators
// serialise every call on one process-wide mutex, so they are used only while building the tables,
// never per request.
#pragma once
#include <string>
#include <string_view>

namespace kb {

// NFKC + case folding (full-width → half-width, Ａ→a), traditional → simplified per character,
// punctuation, symbols, emoji and control characters → one space; runs of spaces collapse and the
// result is trimmed. Han characters, letters and digits are kept.
std::u32string normalize(std::string_view utf8);
std::string normalize_utf8(std::string_view utf8);

// The simplified form of one character (itself when it has none).
char32_t to_simplified(char32_t c);

// Toneless pinyin of one Han character ("" when unknown). One context-free reading per character,
// as ICU's Han-Latin gives it; polyphonic lexicon words carry their readings as data instead.
const std::string& han_pinyin(char32_t c);

}  // namespace kb
