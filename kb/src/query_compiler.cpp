#include "kb/query_compiler.h"

#include <algorithm>

namespace kb {

std::string fts_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string compile_text_match(const std::vector<std::string>& words, size_t max_words) {
  std::vector<std::string> seen;
  std::string match;
  for (const auto& w : words) {
    if (w.empty() || std::find(seen.begin(), seen.end(), w) != seen.end()) continue;
    if (seen.size() == max_words) break;
    seen.push_back(w);
    match += (match.empty() ? "" : " OR ") + fts_quote(w);
  }
  return match;
}

}  // namespace kb
