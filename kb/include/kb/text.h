// UTF-8 and code-point helpers shared by the whole analysis chain.
#pragma once
#include <string>
#include <string_view>

namespace kb {

bool is_valid_utf8(std::string_view s);
std::u32string to_u32(std::string_view utf8);  // invalid bytes become U+FFFD
std::string to_utf8(std::u32string_view s);
void append_utf8(std::string& out, char32_t c);
// Length in bytes of the valid UTF-8 sequence at s[i]; 0 when it is not one.
size_t utf8_sequence_length(std::string_view s, size_t i);

inline bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}
inline bool is_ascii_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Number of code points in a UTF-8 string (invalid bytes count as one each).
size_t utf8_length(std::string_view s);

}  // namespace kb
