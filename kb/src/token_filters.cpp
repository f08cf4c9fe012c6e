#include "kb/token_filters.h"

#include <algorithm>

#include "kb/grammar.h"

namespace kb {

void ContrastDrop::apply(std::vector<Token>& toks) const {
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    if (!grammar::is_negation(toks[i].text) || !grammar::is_copula(toks[i + 1].text) || toks[i + 1].after_break)
      continue;
    size_t j = i + 2;
    bool question = false;
    while (j < toks.size() && j < i + 2 + kMaxSpan && !grammar::closes_contrast(toks[j].text)) {
      question = question || grammar::is_question_particle(toks[j].text);
      ++j;
    }
    if (j >= toks.size() || j == i + 2 || question || !grammar::closes_contrast(toks[j].text)) continue;
    toks.erase(toks.begin() + static_cast<long>(i), toks.begin() + static_cast<long>(j) + 1);
  }
}

void SpeakerDrop::apply(std::vector<Token>& toks) const {
  const auto& reporting = lexicon_.data().reported_speech;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].form < 0 || lexicon_.sense(toks[i].form).relation < 0) continue;
    for (size_t j = i + 1; j <= i + kMaxGap && j < toks.size() && !toks[j].after_break; ++j) {
      if (std::find(reporting.begin(), reporting.end(), toks[j].text) == reporting.end()) continue;
      if (!keeps_speaker(toks, j + 1)) toks.erase(toks.begin() + static_cast<long>(i));
      break;
    }
  }
}

// What is said, to the end of its clause, refers back to the speaker or is their wish.
bool SpeakerDrop::keeps_speaker(const std::vector<Token>& toks, size_t said_from) const {
  const auto& kept_by = lexicon_.data().speaker_kept_by;
  for (size_t k = said_from; k < toks.size() && (k == said_from || !toks[k].after_break); ++k) {
    const std::string& w = toks[k].text;
    if (lexicon_.is_third_person(w) || lexicon_.impersonation_verbs().contains(w) ||
        std::find(kept_by.begin(), kept_by.end(), w) != kept_by.end())
      return true;
  }
  return false;
}

ImpersonationMarker::ImpersonationMarker(const Lexicon& lexicon)
    : lexicon_(lexicon),
      concept_(lexicon.find_concept(lexicon.impersonation().concept_id).value_or(-1)),
      for_owner_(lexicon.find_concept(lexicon.impersonation().for_owner_concept).value_or(-1)) {
  for (const auto& p : lexicon.impersonation().persons)
    if (auto c = lexicon.find_concept(p)) persons_.push_back(*c);
}

// toks[k] is a card word, and no money word follows it, directly or after 的 ("医保卡的钱").
bool ImpersonationMarker::is_card_not_money(const std::vector<Token>& toks, size_t k) const {
  if (k + 1 < toks.size() && lexicon_.impersonation_qualifiers().contains(toks[k].text)) ++k;  // 职工医保 卡
  if (k >= toks.size() || !lexicon_.impersonation_cards().contains(toks[k].text)) return false;
  size_t next = k + 1;
  if (next < toks.size() && grammar::is_possessive(toks[next].text)) ++next;
  return next >= toks.size() || !lexicon_.impersonation_money_after().contains(toks[next].text);
}

bool ImpersonationMarker::is_person(const Token& t) const {
  if (lexicon_.impersonation_others().contains(t.text)) return true;
  if (t.form < 0) return false;
  if (lexicon_.sense(t.form).relation >= 0) return true;
  auto c = lexicon_.concept_of_form(t.form);
  return c && std::find(persons_.begin(), persons_.end(), *c) != persons_.end();
}

// "拿去世老人的医保卡": one word describing the owner before them; "用已经去世的父亲的医保卡": a few
// words and 的. Returns where the owner is (k when nothing describes them).
size_t ImpersonationMarker::owner_after_description(const std::vector<Token>& toks, size_t k) const {
  if (k + 2 < toks.size() && !grammar::is_possessive(toks[k + 1].text) && is_person(toks[k + 1]) &&
      grammar::is_possessive(toks[k + 2].text))
    return k + 1;
  if (is_person(toks[k])) return k;
  for (size_t m = k + 1; m <= k + kMaxDescription && m + 2 < toks.size(); ++m)
    if (grammar::is_possessive(toks[m].text) && is_person(toks[m + 1]) && grammar::is_possessive(toks[m + 2].text))
      return m + 1;
  return k;
}

// Verb, optional 我/俺, the card's owner, optional 的, card: "用我妈的卡", "刷俺爹医保卡". An owner the
// lexicon does not know as a relative ("用男人的卡", "借同事的码") needs the 的, and is anyone but the
// asker: not 我的/自己/本人, and not 谁 ("刷谁的卡" asks whose card).
ImpersonationMarker::CardUse ImpersonationMarker::uses_others_card(const std::vector<Token>& toks, size_t i) const {
  if (!lexicon_.impersonation_verbs().contains(toks[i].text)) return CardUse::none;
  size_t k = i + 1;
  if (k < toks.size() && lexicon_.impersonation_possessors().contains(toks[k].text)) ++k;
  if (k >= toks.size()) return CardUse::none;
  k = owner_after_description(toks, k);
  const bool relative = toks[k].form >= 0 && lexicon_.sense(toks[k].form).relation >= 0;
  // "用她本人的医保卡": the owner stressed as themselves.
  const bool reflexive =
      k + 1 < toks.size() && lexicon_.impersonation_stressed().contains(toks[k + 1].text) && !is_asker(toks[k]);
  const size_t after_owner = reflexive ? k + 2 : k + 1;
  if (!relative && (after_owner >= toks.size() || !grammar::is_possessive(toks[after_owner].text) || is_asker(toks[k])))
    return CardUse::none;
  const bool for_owner = for_the_owner(toks, k);
  k = after_owner;
  if (k < toks.size() && grammar::is_possessive(toks[k].text)) ++k;
  if (!is_card_not_money(toks, k)) return CardUse::none;
  // Stressing the owner says whose card it is, not who uses it: only a stated beneficiary who is
  // that owner ("帮婆婆买药，用她本人的卡") decides; otherwise other words do.
  if (reflexive) return for_owner ? CardUse::for_owner : for_the_asker(toks) ? CardUse::impersonation : CardUse::none;
  return for_owner ? CardUse::for_owner : CardUse::impersonation;
}

// "拿老人的医保码去给老人买药", "刷他的医保卡，替我老公买他吃的药": the owner is also whom it is for
// (给/替/帮 + the owner, or a pronoun on either side): buying for the card's owner, not impersonation.
// "用我爸的卡给我妈买药" names another patient and stays impersonation.
bool ImpersonationMarker::for_the_owner(const std::vector<Token>& toks, size_t owner) const {
  const bool owner_pronoun = lexicon_.impersonation_others().contains(toks[owner].text);
  for (size_t j = 0; j + 1 < toks.size(); ++j) {
    if (j == owner || !lexicon_.impersonation_for_whom().contains(toks[j].text)) continue;
    size_t b = j + 1;
    if (b + 1 < toks.size() && lexicon_.impersonation_possessors().contains(toks[b].text)) ++b;
    const Token& whom = toks[b];
    if (whom.text == toks[owner].text) return true;
    const bool whom_pronoun = lexicon_.impersonation_others().contains(whom.text);
    if ((owner_pronoun && is_person(whom)) || (whom_pronoun && is_person(toks[owner]))) return true;
  }
  return false;
}

// "给我自己买", "给俺": the card is used for the asker.
bool ImpersonationMarker::for_the_asker(const std::vector<Token>& toks) const {
  for (size_t j = 0; j + 1 < toks.size(); ++j)
    if (lexicon_.impersonation_for_whom().contains(toks[j].text) && is_asker(toks[j + 1])) return true;
  return false;
}

bool ImpersonationMarker::is_asker(const Token& t) const {
  if (lexicon_.impersonation_mine().contains(t.text) || lexicon_.impersonation_cards().contains(t.text) ||
      lexicon_.impersonation_whose().contains(t.text))
    return true;
  if (t.form < 0) return false;
  auto c = lexicon_.concept_of_form(t.form);
  return c && lexicon_.concept_def(*c).self;
}

// The asker's card with someone else in the same clause, as its user ("俺娘拿着俺的医保卡去开药")
// or as the patient ("用我的医保卡给我爸买药"): verb, optional aspect particle (着), the asker's
// possessive (俺的, 我), optional 自己/本人, optional 的, card. With nobody else named ("我用我的医保卡在药店买药") it
// is the asker's own card, used by its owner.
bool ImpersonationMarker::other_uses_mine(const std::vector<Token>& toks, size_t i, Span clause) const {
  if (!lexicon_.impersonation_verbs().contains(toks[i].text)) return false;
  size_t k = i + 1;
  if (k < clause.end && lexicon_.impersonation_aspect().contains(toks[k].text)) ++k;
  if (k >= clause.end || !lexicon_.impersonation_mine().contains(toks[k].text)) return false;
  ++k;
  if (k < clause.end && lexicon_.impersonation_stressed().contains(toks[k].text)) ++k;  // 我自己的卡
  if (k < clause.end && grammar::is_possessive(toks[k].text)) ++k;
  if (!is_card_not_money(toks, k)) return false;
  // A clause without a subject of its own ("我同事没交医保，想用我的医保卡住院") has the subject of
  // the last clause that named one.
  auto first = toks.begin() + static_cast<long>(clause.subject_from);
  auto last = toks.begin() + static_cast<long>(clause.end);
  return std::any_of(first, last, [&](const Token& t) { return is_person(t); });
}

// Card, then given to someone who uses it, in a few words: "他的医保卡还能给我妈用吗", "医保卡给老人用
//可以吗", "老公的医保卡能给我用不", or lent to them ("医保卡能借给我妈吗": lending says the use). Not
// when the one it is given to owns it ("他的卡给他用").
bool ImpersonationMarker::card_given_to_other(const std::vector<Token>& toks, size_t i) const {
  if (!is_card_not_money(toks, i)) return false;
  const bool owned = i >= 2 && grammar::is_possessive(toks[i - 1].text);
  // A lent card needs no verb after the person ("医保卡借给老公"): the person may end the question.
  for (size_t j = i + 1; j <= i + kMaxGiveGap && j + 1 < toks.size(); ++j) {
    if (toks[j].after_break) return false;
    const bool lent = lexicon_.impersonation_lend().contains(toks[j].text);
    if (!lent && !lexicon_.impersonation_for_whom().contains(toks[j].text)) continue;
    size_t b = j + 1;
    if (b + 1 < toks.size() && lexicon_.impersonation_possessors().contains(toks[b].text) && is_person(toks[b + 1]))
      ++b;
    if (b + 2 < toks.size() && is_person(toks[b]) && is_person(toks[b + 1])) ++b;  // "给家里老人用"
    const Token& whom = toks[b];
    if (!is_person(whom) && !is_asker(whom)) return false;
    if (owned && (toks[i - 2].text == whom.text || (is_asker(whom) && is_asker(toks[i - 2])))) return false;
    return lent || (b + 1 < toks.size() && lexicon_.impersonation_verbs().contains(toks[b + 1].text));
  }
  return false;
}

// Another person's card put first, then the asker using it: "老公的医保卡我能拿去药店给自己买药吗".
// For the owner ("我妈的卡我拿去给她买药") it is buying on their behalf.
ImpersonationMarker::CardUse ImpersonationMarker::fronted_card_used_by_asker(const std::vector<Token>& toks,
                                                                             size_t i) const {
  if (i < 2 || !is_card_not_money(toks, i) || !grammar::is_possessive(toks[i - 1].text)) return CardUse::none;
  const size_t owner = i - 2;
  if (!is_person(toks[owner]) || is_asker(toks[owner])) return CardUse::none;
  for (size_t j = i + 1; j <= i + kMaxFrontedGap && j + 1 < toks.size(); ++j) {
    if (toks[j].after_break) return CardUse::none;
    if (!lexicon_.is_first_person(toks[j].text)) continue;
    for (size_t v = j + 1; v <= j + 2 && v < toks.size(); ++v)
      if (lexicon_.impersonation_verbs().contains(toks[v].text))
        return for_the_owner(toks, owner) ? CardUse::for_owner : CardUse::impersonation;
    return CardUse::none;
  }
  return CardUse::none;
}

// Another person hands the asker their card: "老公把医保卡给我了，我能去医院用吗" (owner, verb such as
// 把/拿/借, card, 给, the asker). For the owner ("我妈把卡给我，让我帮她拿药") it is buying on their behalf.
ImpersonationMarker::CardUse ImpersonationMarker::card_handed_to_asker(const std::vector<Token>& toks, size_t i) const {
  if (i < 2 || i + 2 >= toks.size() || !is_card_not_money(toks, i)) return CardUse::none;
  const size_t owner = i - 2;
  if (!lexicon_.impersonation_verbs().contains(toks[i - 1].text) || !is_person(toks[owner]) || is_asker(toks[owner]))
    return CardUse::none;
  if (!lexicon_.impersonation_for_whom().contains(toks[i + 1].text) || !is_asker(toks[i + 2])) return CardUse::none;
  return for_the_owner(toks, owner) ? CardUse::for_owner : CardUse::impersonation;
}

void ImpersonationMarker::apply(std::vector<Token>& toks) const {
  if (concept_ < 0) return;
  Span clause{0, 0, 0};
  for (size_t i = 0; i < toks.size(); ++i) {
    if (i >= clause.end) {
      const bool own_subject = lexicon_.impersonation_mine().contains(toks[i].text) || is_person(toks[i]);
      clause = {i, i + 1, own_subject ? i : clause.subject_from};
      while (clause.end < toks.size() && !toks[clause.end].after_break) ++clause.end;
    }
    CardUse use = other_uses_mine(toks, i, clause) || card_given_to_other(toks, i) ? CardUse::impersonation
                                                                                   : uses_others_card(toks, i);
    if (use == CardUse::none) use = fronted_card_used_by_asker(toks, i);
    if (use == CardUse::none) use = card_handed_to_asker(toks, i);
    if (use == CardUse::impersonation) toks[i].marks = concept_;
    if (use == CardUse::for_owner && for_owner_ >= 0) toks[i].marks = for_owner_;
  }
}

}  // namespace kb
