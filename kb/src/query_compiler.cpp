#include "kb/query_compiler.h"

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

std::string compile_match(const std::vector<Term>& terms, const std::function<TermStats(const std::string&)>& stats,
                          int entry_count, double common_ratio) {
  std::vector<std::string> concept_tokens, phrases, common_tokens;
  for (const auto& t : terms) {
    if (t.kind == TermKind::Filler) continue;
    if (t.kind == TermKind::Word) {
      phrases.push_back(fts_quote(t.key.substr(2)));
      continue;
    }
    TermStats s = stats(t.key);
    if (s.id < 0) continue;  // no phrasing uses it: it cannot select anything
    std::string token = "t" + std::to_string(s.id);
    if (entry_count >= kPruneFromEntries && s.df > common_ratio * entry_count)
      common_tokens.push_back(token);
    else
      concept_tokens.push_back(token);
  }
  if (concept_tokens.empty() && phrases.empty()) concept_tokens = common_tokens;
  auto join = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " OR ") + p;
    return out;
  };
  std::string match;
  if (!concept_tokens.empty()) match = "terms : (" + join(concept_tokens) + ")";
  if (!phrases.empty()) match += (match.empty() ? "" : " OR ") + std::string("text : (") + join(phrases) + ")";
  return match;
}

}  // namespace kb
