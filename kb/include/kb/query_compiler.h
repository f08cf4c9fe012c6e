// Turns analysed terms into an FTS5 MATCH expression. User text never reaches FTS5 syntax raw:
// lexicon concepts become numeric term tokens ("t12") in the `terms` column, and every other word is
// a double-quoted phrase (quotes doubled) in the `text` column, so quotes, AND/OR/NOT/NEAR, *, ^,
// -, : and column names inside a question are only ever text.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "kb/analyzer.h"

namespace kb {

struct TermStats {
  int id = -1;   // -1: the knowledge base never uses this term
  int df = 0;    // entries whose phrasings contain it
};

// Quotes one phrase for FTS5: "a""b".
std::string fts_quote(std::string_view text);

// `stats` looks a term up in the store. In a large store, terms found in more than `common_ratio` of
// the entries only rank, they do not select (unless nothing else is left): FTS5 cost follows the
// number of matching rows. A small store selects with every term, for recall.
// Returns "" when nothing is searchable.
constexpr int kPruneFromEntries = 5000;
std::string compile_match(const std::vector<Term>& terms, const std::function<TermStats(const std::string&)>& stats,
                          int entry_count, double common_ratio = 0.3);

}  // namespace kb
