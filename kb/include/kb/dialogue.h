// Stage 4 of an answer: the conversation. A follow-up inherits the previous answer's topic and
// slots and overrides only what it states: "那我哥哥呢" the relation, "支付宝呢" the channel, "在
// 南京" the region, "需要带什么材料" asks for the materials of the same entry; an elliptical reply
// with new words ("老人不会用手机呢") is read inside the previous topic. A complete new question
// ("公积金呢", "医保卡丢了怎么办") starts afresh.
//
// Thread-safety: immutable; may run on many threads.
#pragma once
#include <optional>

#include "kb/composer.h"
#include "kb/context_codec.h"
#include "kb/request.h"

namespace kb {

class Dialogue {
 public:
  Dialogue(const Store& store, const Composer& composer, const ScoringParams& params, const ContextCodec& codec)
      : store_(store), composer_(composer), p_(params), codec_(codec) {}
  // The previous turn, when the context opens and still fits this store: a context from another
  // knowledge-base version continues only while its entry exists.
  std::optional<ContextState> open(const std::string& context) const;
  // A bare 他/她 in a question that names no relative refers to the previous turn's relative:
  // "那把我卡里的钱共济给他行不" after "医保卡能借给朋友用吗" asks about the friend.
  void resolve_pronoun(const ContextState& prev, Slots& stated) const;
  // A reply in a conversation about relatives whose card use names no user keeps them as its
  // subject (slots.yaml followup.implied_subject): "可以直接拿我的卡去刷吗" after how a bound
  // relative pays, "那直接刷我的卡行不行，她不会用手机" after who may share, ask whether the relative
  // may use the asker's card. Returns the question read with that subject when the subject makes
  // it such a card use; otherwise the question stands as it is.
  std::optional<Analysis> restore_subject(const ContextState& prev, const std::string& question,
                                          const Analysis& analysis) const;
  // Answers the question as a follow-up to `prev` and returns true, or returns false (the
  // question is then answered on its own).
  bool follow_up(const ContextState& prev, const Analysis& analysis, const Retrieval& found, const ValidRequest& req,
                 AskResponse& resp) const;
  // Whether the conversation lends the question this service's subject (decider.h: a weak match
  // may then answer): it names a concept of the lexicon ("能给我哥用不" after checking the balance).
  // Words the lexicon does not know alone do not continue it.
  bool continues(const ContextState& prev, const Retrieval& found) const;
  // What the next turn may inherit of `resp` (everything but the issue time).
  ContextState state_of(const AskResponse& resp) const;
  std::string seal(const AskResponse& resp) const;

 private:
  // Whether the question names nothing but slot values and facets (and frame words, when asked).
  bool only_slots_and_facets(const Retrieval& found, bool frames_too = false) const;
  void keep_with_intent(const Slots& stated, Slots& merged) const;
  bool same_family(const std::string& topic, const std::string& other) const;
  bool has_materials(int entry) const;
  bool lists_materials(int entry, const Slots& slots, const std::u32string& text, const std::string& as_of) const;
  bool has_rule_for(int entry, const std::string& key, const std::string& value) const;
  bool tests_slot(int entry, const std::string& key) const;
  std::optional<int> entry_for_new_relative(int prev_entry, const Slots& merged, const ContextState& prev,
                                            const Retrieval& found) const;
  int entry_for_stated(int prev_entry, const Slots& stated, const ContextState& prev, const Retrieval& found) const;
  bool elliptical(const std::u32string& text) const;
  // The previous entry's `instead` entry, when the reply asks what to do instead.
  std::optional<int> instead_of(int prev_entry, const std::u32string& text) const;
  bool asks_why_of_previous(const Retrieval& found, const Slots& stated) const;
  bool asks_consequence_of_previous(const ContextState& prev, const Retrieval& found, const Slots& stated) const;
  bool asks_about_new_relative(const ContextState& prev, const Slots& stated) const;
  // The merged slots and the entry (with the candidate's score), composed into resp; always true.
  bool answer_entry(int entry, const Slots& merged, Composition& c, AskResponse& resp) const;
  bool answer_with(const Candidate& candidate, const Slots& merged, Composition& c, AskResponse& resp) const;
  bool continue_near_tie(const ContextState& prev, const Slots& merged, Composition& c, AskResponse& resp) const;
  struct Reply {
    bool new_content;      // names more than slot values and facets
    bool wants_materials;  // asks for a list of materials the previous answer did not give
  };
  bool continue_in_family(const ContextState& prev, std::optional<int> prev_entry, const Retrieval& found, Reply reply,
                          const Slots& merged, Composition& c, AskResponse& resp) const;
  Slots lawful_way_slots(const Slots& stated, const Slots& merged) const;
  Slots merge(const Slots& stated, const ContextState& prev, bool& adds_slot) const;

  const Store& store_;
  const Composer& composer_;
  ScoringParams p_;
  const ContextCodec& codec_;
};

}  // namespace kb
