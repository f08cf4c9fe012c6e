// Text files as editors save them: UTF-8, with or without a byte-order mark, or GB18030 (of which
// GBK and GB2312 are subsets: what Excel and WPS write as CSV on a Chinese Windows). Anything
// else is refused with a reason, never guessed at.
//
// Thread-safety: decode_text may be called from any thread.
#pragma once
#include <string>
#include <string_view>

namespace kb {

struct DecodedText {
  std::string utf8;      // the text without a byte-order mark
  std::string encoding;  // "UTF-8", "UTF-8 with BOM" or "GB18030"; empty when refused
  std::string error;     // why the bytes were refused
  int error_line = 0;    // the line of the first byte that is not UTF-8 (when refused)
  bool ok() const { return !encoding.empty(); }
};

// UTF-8 when the bytes are strictly UTF-8, else GB18030 when they decode strictly as GB18030.
DecodedText decode_text(std::string_view bytes);

}  // namespace kb
