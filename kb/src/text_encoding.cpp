#include "kb/text_encoding.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "kb/text.h"

namespace kb {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The offset of the first byte that does not start a valid UTF-8 sequence; npos when all do.
size_t first_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

int line_at(std::string_view s, size_t offset) {
  return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The bytes as GB18030, stopping at the first byte sequence that is not GB18030 (ICU's default
// would substitute U+FFFD and go on).
std::optional<std::string> from_gb18030(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open("GB18030", &status), &ucnv_close);
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  // Each GB18030 sequence of n bytes is at most n UTF-16 units.
  std::vector<UChar> units(bytes.size() + 1);
  const int32_t n = ucnv_toUChars(conv.get(), units.data(), static_cast<int32_t>(units.size()), bytes.data(),
                                  static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return std::nullopt;
  std::string out;
  icu::UnicodeString(units.data(), n).toUTF8String(out);
  return out;
}

DecodedText refused(std::string error, int line) {
  DecodedText d;
  d.error = std::move(error);
  d.error_line = line;
  return d;
}

}  // namespace

DecodedText decode_text(std::string_view bytes) {
  if (bytes.size() > INT32_MAX / 2) return refused("the file is too large", 0);
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
    return refused("the file is UTF-16; save it as UTF-8 (or GB18030)", 0);
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (bom) bytes.remove_prefix(kUtf8Bom.size());
  // A text file holds no NUL byte; GB18030 would decode one (and UTF-16 without its mark).
  if (const size_t nul = bytes.find('\0'); nul != std::string_view::npos)
    return refused("the file holds NUL bytes: it is not a text file", line_at(bytes, nul));
  const size_t bad = first_invalid_utf8(bytes);
  if (bad == std::string_view::npos) return {std::string(bytes), bom ? "UTF-8 with BOM" : "UTF-8", "", 0};
  if (bom) return refused("the file starts with a UTF-8 byte-order mark but is not UTF-8", line_at(bytes, bad));
  if (auto text = from_gb18030(bytes)) return {std::move(*text), "GB18030", "", 0};
  return refused("the file is neither UTF-8 nor GB18030 (GBK); save it as UTF-8", line_at(bytes, bad));
}

}  // namespace kb
