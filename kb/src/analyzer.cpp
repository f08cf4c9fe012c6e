#include "kb/analyzer.h"

#include <unordered_set>

#include "kb/normalizer.h"

namespace kb {

Analyzer::Analyzer(const Lexicon& lexicon, std::vector<std::unique_ptr<TextFilter>> text_filters, Segmenter segmenter,
                   std::vector<std::unique_ptr<TokenFilter>> token_filters)
    : lexicon_(lexicon),
      text_filters_(std::move(text_filters)),
      segmenter_(std::move(segmenter)),
      token_filters_(std::move(token_filters)) {}

Analysis Analyzer::analyze(std::string_view text) const {
  Analysis a;
  a.text = normalize(text);
  for (const auto& f : text_filters_) f->apply(a.text, a.corrections);
  a.tokens = segmenter_.segment(a.text);
  for (const auto& f : token_filters_) f->apply(a.tokens);
  return a;
}

double kind_factor(TermKind k, const Lexicon& lexicon) {
  static const char* names[] = {"domain", "common", "filler", "offtopic", "word"};  // TermKind's order
  const auto& factors = lexicon.data().kind_factors;
  auto it = factors.find(names[static_cast<size_t>(k)]);
  return it == factors.end() ? 0 : it->second;
}

std::vector<Term> Analyzer::terms(const Analysis& a) const {
  std::vector<Term> out;
  std::unordered_set<std::string> seen;
  auto add = [&](std::string key, TermKind kind, double weight) {
    if (kind == TermKind::Filler) return;
    if (seen.insert(key).second) out.push_back({std::move(key), kind, kind_factor(kind, lexicon_) * weight});
  };
  auto add_concept = [&](int c) {
    add(lexicon_.concept_def(c).id, lexicon_.concept_kind(c), lexicon_.concept_def(c).weight);
  };
  for (const Token& t : a.tokens) {
    if (t.marks >= 0) add_concept(t.marks);
    if (t.form < 0) {
      add("w:" + t.text, TermKind::Word, 1.0);
    } else if (auto c = lexicon_.concept_of_form(t.form)) {
      add_concept(*c);
    }
    // Regions are slots, not retrieval terms: "兰州" must not pull in an entry about 兰州.
  }
  return out;
}

}  // namespace kb
