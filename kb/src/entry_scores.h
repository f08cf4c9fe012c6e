// The first step of ranking: each entry's best phrasing score for a question, from the concept
// postings. Two ways to the same numbers (retriever.h): a dense one for stores whose phrasings
// and entries fit the score maps (plain arrays, a key is its index), and a sparse one that keeps
// memory and time bounded at a million entries. (Private to the retriever.)
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "kb/concept_index.h"
#include "kb/scoring.h"

namespace kb {

struct QueryTerm {
  uint32_t id;
  double weight;
  bool selective = false;  // its postings are walked to collect candidate phrasings
  bool common = false;     // a word so frequent here that it only ranks (医保, 用, 能不能)
};

// (best phrasing score, entry), in the order the entries were first found.
using EntryScores = std::vector<std::pair<float, uint32_t>>;

// Sorts the terms as both scorers walk them: content words first, then by postings, rarest first.
void sort_terms(const ConceptIndex& index, std::vector<QueryTerm>& qterms);

// True when the dense scorer gives the same numbers as the sparse one: the store fits the score
// maps and the postings of all the terms together fit the candidate budget (nothing is cut).
bool fits_dense(const ConceptIndex& index, size_t entry_count, const std::vector<QueryTerm>& qterms, size_t budget);

// Both take sorted terms and set which of them select candidates.
EntryScores score_dense(const ConceptIndex& index, size_t entry_count, std::vector<QueryTerm>& qterms,
                        double query_norm, const ScoringParams& p);
EntryScores score_sparse(const ConceptIndex& index, size_t entry_count, std::vector<QueryTerm>& qterms,
                         double query_norm, const ScoringParams& p);

}  // namespace kb
