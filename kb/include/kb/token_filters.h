// Token filters of the analysis chain (analyzer.h): they drop or annotate tokens after
// segmentation.
#pragma once
#include "kb/analyzer.h"

namespace kb {

// "不是公积金，是医保", "不是我自己用，是给我哥用": in a contrast, what follows 不是 is what the
// question is not about, and must not choose the topic, the relative or an out-of-scope answer.
// Drops 不是 … 是 when the 是 follows within a few tokens (punctuation is a space by now, so the
// two may stand in separate clauses); a span holding a question particle ("不是说能提现吗，是真的吗")
// or without a 是 after it is left alone.
class ContrastDrop : public TokenFilter {
 public:
  void apply(std::vector<Token>& tokens) const override;
  static constexpr size_t kMaxSpan = 12;  // tokens between 不是 and 是
};

// "老婆一直念叨说医保卡里还有四千多块，断了就作废了", "听我妈说年底会清零": a relative who says
// something is where a belief comes from, not whom the question is about, and must not choose the
// relative or the topic. Drops the relative when a reporting word (slots.yaml reported_speech)
// follows within a few tokens of its clause, unless what is said refers back to them (他/她) or is
// their wish (slots.yaml speaker_kept_by, or a verb of card use: "我妈说想用我的卡").
class SpeakerDrop : public TokenFilter {
 public:
  explicit SpeakerDrop(const Lexicon& lexicon) : lexicon_(lexicon) {}
  void apply(std::vector<Token>& tokens) const override;
  static constexpr size_t kMaxGap = 3;  // tokens between the relative and the reporting word (一直念叨说)

 private:
  bool keeps_speaker(const std::vector<Token>& toks, size_t said_from) const;
  const Lexicon& lexicon_;
};

// "拿我爸的医保卡给自己开药", "用我姐的码": someone else's card or code used by the asker, and
// "俺娘拿着俺的医保卡去开药", "用我的医保卡给我爸买药": the asker's card used for someone else, are
// the impersonation concept (concepts.yaml `impersonation`); the verb token is marked with it.
// "用我爸的医保卡里的钱" is the money on the card, not the card.
class ImpersonationMarker : public TokenFilter {
 public:
  explicit ImpersonationMarker(const Lexicon& lexicon);
  void apply(std::vector<Token>& tokens) const override;

 private:
  enum class CardUse { none, impersonation, for_owner };
  CardUse uses_others_card(const std::vector<Token>& toks, size_t i) const;
  static constexpr size_t kMaxDescription = 3;  // words before 的 that describe a card's owner
  size_t owner_after_description(const std::vector<Token>& toks, size_t k) const;
  static constexpr size_t kMaxGiveGap = 3;  // words between a card and 给 ("卡还能给")
  bool card_given_to_other(const std::vector<Token>& toks, size_t i) const;
  static constexpr size_t kMaxFrontedGap = 3;  // words between a fronted card and its user ("卡我能拿去")
  CardUse fronted_card_used_by_asker(const std::vector<Token>& toks, size_t i) const;
  CardUse card_handed_to_asker(const std::vector<Token>& toks, size_t i) const;
  bool is_asker(const Token& t) const;
  bool for_the_owner(const std::vector<Token>& toks, size_t owner) const;
  bool for_the_asker(const std::vector<Token>& toks) const;
  struct Span {
    size_t begin, end;    // tokens [begin, end): one clause
    size_t subject_from;  // where the last clause that names a subject began (this one, or one before)
  };
  bool other_uses_mine(const std::vector<Token>& toks, size_t i, Span clause) const;
  bool is_card_not_money(const std::vector<Token>& toks, size_t k) const;
  bool is_person(const Token& t) const;
  const Lexicon& lexicon_;
  int concept_ = -1;
  int for_owner_ = -1;        // buying with the owner's card for the owner (impersonation.for_owner_concept)
  std::vector<int> persons_;  // concepts that name another person (家人, 老人 …)
};

}  // namespace kb
