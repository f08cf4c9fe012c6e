// The analysis chain: normalise → pinyin runs to Han words → homophone-typo repair → longest match
// against the lexicon, ICU word breaks for the rest → terms. The indexer runs the same chain over
// every phrasing, so documents and questions meet in the same terms.
//
// Thread-safety: an Analyzer is immutable; the ICU word-break iterator it uses is per thread.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kb/lexicon.h"

namespace kb {

struct Token {
  std::string text;  // normalised surface form
  int form = -1;     // lexicon form, -1 for a word the lexicon does not know
  bool ascii = false;
  bool after_break = false;  // a space or punctuation mark precedes it (a clause boundary)
};

struct Analysis {
  std::u32string text;  // normalised, after pinyin and typo repair
  std::vector<Token> tokens;
  std::vector<std::string> corrections;  // "余颚→余额", "yue→余额" (for debugging and tests)
};

// A retrieval term: a concept id, or "w:" + an unknown word.
struct Term {
  std::string key;
  TermKind kind;
  double weight;  // kind factor × the concept's weight; multiplied by idf when scoring
};

// How much a term of this kind counts: common words only nudge, filler not at all.
double kind_factor(TermKind k);

class Analyzer {
 public:
  explicit Analyzer(const Lexicon& lexicon) : lexicon_(lexicon) {}
  Analysis analyze(std::string_view question) const;
  // The lexicon concepts of an answer text, for answer coverage. Answers are long and written by
  // editors, so this skips homophone repair and ICU word breaks (unknown words yield no term):
  // several times cheaper per character, which is what lets a million entries index in minutes.
  std::vector<Term> answer_terms(std::string_view answer) const;
  // Distinct terms in first-seen order; filler words are dropped.
  std::vector<Term> terms(const Analysis& a) const;
  const Lexicon& lexicon() const { return lexicon_; }

 private:
  std::u32string pinyin_to_han(const std::u32string& text, std::vector<std::string>& corrections) const;
  bool repair_typos(std::u32string& text, std::vector<std::string>& corrections) const;
  std::vector<Token> segment(const std::u32string& text) const;
  std::vector<Token> segment_run(const std::u32string& text, size_t begin, size_t end, bool word_breaks = true) const;
  const Lexicon& lexicon_;
};

}  // namespace kb
