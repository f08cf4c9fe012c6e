// Stage 2 of an answer: answer the best entry, or say the question is out of scope. And, for an
// answer, whether the match is uncertain enough to offer alternatives ("你是不是想问").
//
// Thread-safety: immutable; decide() may run on many threads.
#pragma once
#include <optional>

#include "kb/retriever.h"

namespace kb {

struct Decision {
  std::optional<int> entry;  // the entry to answer; nothing: out of scope
  double score = 0;          // the best candidate's score (the confidence)
};

class Decider {
 public:
  Decider(const Store& store, const ScoringParams& params) : store_(store), p_(params) {}
  // `in_conversation`: the question continues a conversation about this service's subject, which
  // names the subject for it ("能给我哥用不" after checking the balance).
  Decision decide(const Analysis& analysis, const Retrieval& found, bool in_conversation = false) const;
  // For a question decide() leaves out of scope: the passage to quote as an excerpt, if one
  // matches at least scoring.passage_floor and the question names a subject and no other
  // business (those keep the out-of-scope answer and its pointers).
  std::optional<Candidate> excerpt(const Retrieval& found) const;
  // A match below the direct threshold, or with a close runner-up of another topic, is uncertain.
  bool uncertain(int entry, double score, const std::vector<Candidate>& ranked) const;

 private:
  bool anchored(const Analysis& analysis) const;
  bool foreign(const Retrieval& found, bool anchored) const;
  bool names_a_subject(const Retrieval& found) const;
  const Store& store_;
  ScoringParams p_;
};

}  // namespace kb
