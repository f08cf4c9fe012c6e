// Stage 1 of an answer: candidates and ranking. Concept postings held in memory give candidate
// phrasings; each entry is scored by the concept overlap of its best phrasing with the question
// (both directions), its answers' coverage of the question, and slot evidence; only entries in
// force for the date and region are kept. When no phrasing shares a term, FTS5 over the texts
// still finds related entries to offer.
//
// Thread-safety: retrieve() is const and may run on many threads; its score maps are per thread.
#pragma once
#include <string>
#include <vector>

#include "kb/scoring.h"
#include "kb/slots.h"
#include "kb/store.h"

namespace kb {

// One ranked entry: the ranking score, its best phrasing's match and its answer coverage.
struct Candidate {
  int entry;
  double score;
  double question;
  double answer;
};

struct Retrieval {
  std::vector<Term> terms;
  std::vector<Candidate> ranked;      // best first; entries only, never a passage
  std::vector<Candidate> passages;    // passages of policy articles, best first (decider.h: excerpt)
  std::vector<std::string> offtopic;  // other domains' words in the question
  std::string text_match;             // the FTS5 expression, when the text search ran
};

struct QueryTerm;

class Retriever {
 public:
  Retriever(const Store& store, const ScoringParams& params) : store_(store), p_(params) {}
  Retrieval retrieve(const Analysis& analysis, const Slots& slots, const std::string& as_of) const;
  // A question asked exactly as an entry words it (its question or a phrasing, after
  // normalisation: a clicked suggestion, an FAQ sheet's own question) is that entry's when another
  // entry scores the same or within the margin (an FAQ row and a rule sharing every term): it
  // moves first, as sure as the best.
  void prefer_exact(Retrieval& found, std::string_view question) const;

 private:
  using EntryScores = std::vector<std::pair<float, uint32_t>>;  // (best phrasing score, entry)
  std::vector<QueryTerm> query_terms(Retrieval& out, double& query_norm) const;
  EntryScores in_force(const EntryScores& scores, const Slots& slots, const std::string& as_of) const;
  std::vector<double> coverage(const std::vector<QueryTerm>& qterms, const EntryScores& candidates) const;
  std::vector<Candidate> rank(const std::vector<QueryTerm>& qterms, const EntryScores& scores, double query_norm,
                              const Slots& slots, const std::string& as_of, bool nobody_else) const;
  EntryScores take_passages(EntryScores& scores) const;
  std::vector<Candidate> rank_passages(const std::vector<QueryTerm>& qterms, const EntryScores& scores,
                                       double query_norm, const Slots& slots, const std::string& as_of) const;
  double slot_bonus(const Entry& e, const Slots& s) const;
  bool names_nobody_else(const Retrieval& found, const Slots& slots) const;
  bool topic_has(const std::string& topic, bool TopicDef::*flag) const;
  bool asks_why(const Entry& e, const Slots& s) const;
  std::vector<std::string> shunned_topics(const std::vector<QueryTerm>& qterms) const;
  bool claims_named(const EntryInfo& info, const std::vector<QueryTerm>& qterms) const;
  void text_search(const Analysis& analysis, Retrieval& out) const;

  const Store& store_;
  ScoringParams p_;
};

}  // namespace kb
