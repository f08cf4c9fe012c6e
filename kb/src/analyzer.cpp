#include "kb/analyzer.h"

#include <unordered_set>

#include "kb/normalizer.h"
#include "kb/text.h"

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
  // TermKind's order.
  static const char* names[] = {"domain", "common", "filler", "offtopic", "word", "char", "bigram"};
  const auto& factors = lexicon.data().kind_factors;
  auto it = factors.find(names[static_cast<size_t>(k)]);
  return it == factors.end() ? 0 : it->second;
}

namespace {

// Distinct terms in first-seen order, weighed by their kind's factor; filler is dropped.
class TermList {
 public:
  explicit TermList(const Lexicon& lexicon) : lexicon_(lexicon) {}
  void add(std::string key, TermKind kind, double weight) {
    if (kind == TermKind::Filler) return;
    if (seen_.insert(key).second) out_.push_back({std::move(key), kind, kind_factor(kind, lexicon_) * weight});
  }
  std::vector<Term> take() { return std::move(out_); }

 private:
  const Lexicon& lexicon_;
  std::vector<Term> out_;
  std::unordered_set<std::string> seen_;
};

// The Han characters of the words the lexicon does not know, and each two of them that stand side
// by side in a clause (a lexicon word, an ASCII word or a break stands between the others). An
// ASCII word (app, vip, 12333) is a unit of its own, like a character.
void add_character_terms(const std::vector<Token>& tokens, bool chars, bool bigrams, TermList& out) {
  char32_t previous = 0;  // the Han character before, in the same run of unknown words; 0: none
  for (const Token& t : tokens) {
    if (t.form >= 0 || t.ascii || t.after_break) previous = 0;
    if (t.form >= 0) continue;
    if (t.ascii) {
      if (chars) out.add("c:" + t.text, TermKind::Char, 1.0);
      continue;
    }
    for (char32_t c : to_u32(t.text)) {
      if (!is_han(c)) {
        previous = 0;
        continue;
      }
      if (chars) out.add("c:" + to_utf8(std::u32string(1, c)), TermKind::Char, 1.0);
      if (bigrams && previous) out.add("b:" + to_utf8(std::u32string{previous, c}), TermKind::Bigram, 1.0);
      previous = c;
    }
  }
}

}  // namespace

std::vector<Term> Analyzer::terms(const Analysis& a) const {
  TermList out(lexicon_);
  auto add_concept = [&](int c) {
    out.add(lexicon_.concept_def(c).id, lexicon_.concept_kind(c), lexicon_.concept_def(c).weight);
  };
  for (const Token& t : a.tokens) {
    if (t.marks >= 0) add_concept(t.marks);
    if (t.form < 0) {
      out.add("w:" + t.text, TermKind::Word, 1.0);
    } else if (auto c = lexicon_.concept_of_form(t.form)) {
      add_concept(*c);
    }
    // Regions are slots, not retrieval terms: "兰州" must not pull in an entry about 兰州.
  }
  const bool chars = kind_factor(TermKind::Char, lexicon_) > 0, bigrams = kind_factor(TermKind::Bigram, lexicon_) > 0;
  if (chars || bigrams) add_character_terms(a.tokens, chars, bigrams, out);
  return out.take();
}

}  // namespace kb
