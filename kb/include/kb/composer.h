// Stage 3 of an answer: from the chosen entry (or none) to the response. Picks the case in force
// for the date, region and slots, renders it for the format, and makes the few edits the question
// itself calls for: a violation question gets the verdict it asked for, a materials question the
// list, a short "能…吗" about a procedure a yes, a missing fact a clarifying question.
//
// Thread-safety: immutable; may run on many threads.
#pragma once
#include "kb/decider.h"
#include "kb/render.h"
#include "kb/response.h"

namespace kb {

// What the composer is asked to write, besides the response it fills in.
struct Composition {
  int entry = -1;
  double score = 0;
  const std::vector<Candidate>* ranked = nullptr;  // for related entries and uncertainty
  const std::u32string* text = nullptr;            // the normalised question (rule words, question words)
  Format format = Format::Text;
  std::string as_of;
  bool materials_only = false;  // a follow-up asking only for the materials of the same entry
};

class Composer {
 public:
  Composer(const Store& store, const Decider& decider, const ScoringParams& params)
      : store_(store), decider_(decider), p_(params), renderer_(store.messages(), store.lexicon()) {}
  void answer(const Composition& c, AskResponse& resp) const;
  void out_of_scope(const Retrieval& found, double score, Format format, AskResponse& resp) const;
  // A passage of a policy article quoted as an excerpt (Decider::excerpt): information, never a rule.
  void excerpt(const Retrieval& found, const Candidate& passage, Format format, AskResponse& resp) const;
  // Whether the question asks how many or which (slots.yaml which_words: 几, 多少, 哪 …).
  bool asks_which(const std::u32string& text) const;

 private:
  std::vector<Related> related(const std::vector<Candidate>& ranked, int except) const;
  void answer_violation_question(AskResponse& resp, const std::u32string& text) const;
  void answer_penalty_question(AskResponse& resp) const;
  void answer_negated_question(AskResponse& resp) const;
  void say_whose_account(AskResponse& resp) const;
  void turn_verdict(AskResponse& resp, const std::string& lead) const;
  void answer_whether_too(const Entry& e, const Composition& c, AskResponse& resp) const;
  void give_materials(AskResponse& resp, const std::string& list, const std::u32string& text, Format format) const;
  void answer_procedure_yes(AskResponse& resp, const Entry& entry, const std::u32string& text) const;
  AskPrompt clarify(const std::string& slot) const;

  const Store& store_;
  const Decider& decider_;
  ScoringParams p_;
  Renderer renderer_;
};

}  // namespace kb
