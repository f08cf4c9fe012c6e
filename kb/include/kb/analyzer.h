// The analysis chain, composed of small filters (as PISA's TextAnalyzer): normalise, then text
// filters (pinyin runs to Han words, homophone-typo repair), then the segmenter (fewest pieces
// over the lexicon, ICU word breaks for the rest), then token filters (contrast drop,
// impersonation). The chains the system uses are declared in one place, analysis_chains.h: the
// indexer runs the question chain over every phrasing, so documents and questions meet in the
// same terms.
//
// Thread-safety: an Analyzer and its filters are immutable; the ICU word-break iterator the
// segmenter uses is per thread.
#pragma once
#include <memory>
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
  int marks = -1;            // a concept a token filter read into this token's context (冒名), -1 none
};

struct Analysis {
  std::u32string text;  // normalised, after the text filters
  std::vector<Token> tokens;
  std::vector<std::string> corrections;  // "余颚→余额", "yue→余额" (for debugging and tests)
};

// A retrieval term: a concept id, or "w:" + an unknown word. When the lexicon gives the kinds a
// factor (concepts.yaml kind_factors `char`, `bigram`; domain-free mode: kb/defaults/), also "c:"
// + each Han character (or whole ASCII word) of the unknown words and "b:" + each two neighbouring
// Han characters within a clause, so that words ICU cuts differently (下载到 / 下载) or that differ
// by a character (怎样 / 怎么样) still meet.
struct Term {
  std::string key;
  TermKind kind;
  double weight;  // kind factor × the concept's weight; multiplied by idf when scoring
};

// Rewrites the normalised text before segmentation.
class TextFilter {
 public:
  virtual ~TextFilter() = default;
  virtual void apply(std::u32string& text, std::vector<std::string>& corrections) const = 0;
};

// Rewrites or annotates the token sequence after segmentation.
class TokenFilter {
 public:
  virtual ~TokenFilter() = default;
  virtual void apply(std::vector<Token>& tokens) const = 0;
};

// Cuts normalised text into tokens: lexicon forms by fewest pieces, other Han text by ICU word
// breaks (or dropped, when `keep_unknown` is off: answers are long and only their lexicon words
// count), ASCII runs whole.
class Segmenter {
 public:
  Segmenter(const Lexicon& lexicon, bool keep_unknown) : lexicon_(lexicon), keep_unknown_(keep_unknown) {}
  std::vector<Token> segment(const std::u32string& text) const;

 private:
  std::vector<Token> segment_run(const std::u32string& text, size_t begin, size_t end) const;
  bool ends_inside_word(const std::u32string& text, size_t begin, size_t end, size_t i, size_t len) const;
  const Lexicon& lexicon_;
  bool keep_unknown_;
};

class Analyzer {
 public:
  Analyzer(const Lexicon& lexicon, std::vector<std::unique_ptr<TextFilter>> text_filters, Segmenter segmenter,
           std::vector<std::unique_ptr<TokenFilter>> token_filters);
  Analysis analyze(std::string_view text) const;
  // Distinct terms in first-seen order; filler words are dropped. Character terms follow the
  // others.
  std::vector<Term> terms(const Analysis& a) const;
  const Lexicon& lexicon() const { return lexicon_; }

 private:
  const Lexicon& lexicon_;
  std::vector<std::unique_ptr<TextFilter>> text_filters_;
  Segmenter segmenter_;
  std::vector<std::unique_ptr<TokenFilter>> token_filters_;
};

// How much a term of this kind counts (concepts.yaml kind_factors): common words only nudge,
// filler not at all.
double kind_factor(TermKind k, const Lexicon& lexicon);

}  // namespace kb
