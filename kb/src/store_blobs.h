// How the store writes term ids: little-endian uint32 blobs, so a million entries load in
// seconds. An entry's phrasings go in one blob: [count, n1, ids…, n2, ids…]. (Private to the store.)
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kb {

inline std::string ids_blob(const std::vector<uint32_t>& ids) {
  std::string out(ids.size() * 4, '\0');
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t b = 0; b < 4; ++b) out[i * 4 + b] = static_cast<char>((ids[i] >> (8 * b)) & 0xFF);
  return out;
}

inline void append_ids(const void* blob, int bytes, std::vector<uint32_t>& out) {
  const auto* p = static_cast<const unsigned char*>(blob);
  for (int i = 0; i + 3 < bytes; i += 4)
    out.push_back(static_cast<uint32_t>(p[i]) | static_cast<uint32_t>(p[i + 1]) << 8 |
                  static_cast<uint32_t>(p[i + 2]) << 16 | static_cast<uint32_t>(p[i + 3]) << 24);
}

// Calls f(terms) for each phrasing of a rows blob; a malformed blob ends the walk.
template <class F>
void for_each_row(const std::vector<uint32_t>& rows, F&& f) {
  if (rows.empty()) return;
  size_t p = 1;
  for (uint32_t r = 0; r < rows[0] && p < rows.size(); ++r) {
    const size_t len = rows[p++];
    if (p + len > rows.size()) return;
    f(std::span<const uint32_t>(rows.data() + p, len));
    p += len;
  }
}

}  // namespace kb
