// `faq-server report`: the editors' to-do list, read from the question log (question_log.h).
//
//   faq-server report [--log FILE] [--format text|csv] [--days N] [--top N]
//                     [--similarity J] [--low-confidence C]
//
// - totals: questions by outcome, ratings;
// - top questions (by normalised wording: punctuation, width and script variants folded);
// - unanswered questions — out of scope, answered only with suggestions, or answered with a
//   confidence below C (0.5) — grouped by similar wording: character-bigram Jaccard similarity of
//   the normalised text at least J (0.5), the most asked wording first;
// - negative feedback (down, dissatisfied, very_dissatisfied) with the answer it was about (entry,
//   kb_version) and the question asked, grouped by entry;
// - questions per topic and verdict.
// --log defaults to the configured question_log (FAQ_QUESTION_LOG, the config file, or
// data/questions.db); --days 0 reads everything. The log is opened read-only: a running server
// may keep writing.
//
// Thread-safety: single-threaded; the functions are pure apart from reading the database.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace faq {

int run_report(int argc, char** argv, std::ostream& out, std::ostream& err);

struct Asked {
  std::string text;
  uint64_t count = 0;
};

struct SimilarGroup {
  std::vector<Asked> wordings;  // the most asked first; wordings[0] names the group
  uint64_t asked = 0;           // all its wordings together
};

// Jaccard similarity of the character bigrams of two normalised texts (a one-character text is
// its one character).
double bigram_jaccard(const std::string& a, const std::string& b);

// Questions grouped by similar wording, the most asked group first. Wordings that normalise alike
// are one wording (the most asked form is shown). Greedy: each wording, most asked first, joins
// the group whose first wording it is most similar to, if at least `threshold`.
std::vector<SimilarGroup> group_similar(const std::vector<Asked>& questions, double threshold);

// A CSV field: quoted when it must be, and a leading = + - @ neutralised (spreadsheet formulas).
std::string csv_field(const std::string& value);

}  // namespace faq
