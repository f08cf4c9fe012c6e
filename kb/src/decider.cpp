#include "kb/decider.h"

#include <algorithm>

namespace kb {

// A question with a word of this service's own subject (医保, 个人账户, 共济 …). A lexicon without
// such words (a domain-free knowledge base: FAQ sheets, no lexicon) names no subject a question
// could lack: every question counts as anchored, and the floor alone decides.
bool Decider::anchored(const Analysis& analysis) const {
  const Lexicon& lex = store_.lexicon();
  const auto& concepts = lex.concepts();
  if (std::none_of(concepts.begin(), concepts.end(), [](const ConceptDef& c) { return c.anchor; })) return true;
  return std::any_of(analysis.tokens.begin(), analysis.tokens.end(), [&](const Token& tok) {
    auto c = tok.form >= 0 ? lex.concept_of_form(tok.form) : std::nullopt;
    return c && lex.concept_def(*c).anchor;
  });
}

// Another domain's words dominate when the question has none of this service's own words or
// the best entry never uses them: never answer 公积金 with a rule that merely shares 提取. A
// question with words of this subject and a clear match keeps it even if an aside in a long call
// names another domain ("女儿在成都读研究生，怎么用医保钱包给她转钱").
bool Decider::foreign(const Retrieval& found, bool anchored) const {
  if (found.offtopic.empty()) return false;
  if (!anchored) return true;
  std::span<const uint32_t> ids;
  if (!found.ranked.empty()) ids = store_.entry_terms(found.ranked.front().entry);
  const bool clear_match = !found.ranked.empty() && found.ranked.front().score >= p_.direct + p_.clear_match_margin;
  auto shared = [&](const Term& t) {
    auto id = store_.term_id(t.key);
    return id && std::binary_search(ids.begin(), ids.end(), *id);
  };
  size_t unshared_offtopic = 0, shared_domain = 0;
  for (const auto& t : found.terms) {
    if (t.kind == TermKind::Offtopic && !shared(t)) ++unshared_offtopic;
    if (t.kind == TermKind::Domain && shared(t)) ++shared_domain;
  }
  // A long question that shares many of this subject's words with its best entry mentions the
  // other domain in passing ("…我试了半天只看到银行卡里几十块，医保个人账户的钱到底能不能转出来").
  const bool mostly_this_subject = shared_domain >= p_.aside_domain_terms * unshared_offtopic;
  return unshared_offtopic > 0 && !clear_match && !mostly_this_subject;
}

// Frame words alone (这个是啥, 为什么, 多少) name no subject: whatever entry they match shares a
// question word, not a topic.
bool Decider::names_a_subject(const Retrieval& found) const {
  const Lexicon& lex = store_.lexicon();
  return std::any_of(found.terms.begin(), found.terms.end(), [&](const Term& t) {
    if (t.kind == TermKind::Filler) return false;
    auto c = t.kind == TermKind::Word ? std::nullopt : lex.find_concept(t.key);
    return !c || !lex.concept_def(*c).frame;
  });
}

Decision Decider::decide(const Analysis& analysis, const Retrieval& found, bool in_conversation) const {
  Decision d;
  if (found.ranked.empty()) return d;
  const Candidate& best = found.ranked.front();
  d.score = best.score;
  const bool with_anchor = in_conversation || anchored(analysis);
  // Without a word of its own subject a question needs a confident match; without a subject at
  // all it is not answered (inside a conversation it may still be a follow-up: dialogue.h).
  if (!with_anchor && !names_a_subject(found)) return d;
  if (best.score < (with_anchor ? p_.floor : p_.direct)) return d;
  // An out-of-scope entry (a known other-domain question with a pointer) may answer foreign words.
  const bool oos_entry = store_.info(best.entry).topic == store_.out_of_scope_topic();
  if (foreign(found, with_anchor) && !oos_entry) return d;
  d.entry = best.entry;
  return d;
}

std::optional<Candidate> Decider::excerpt(const Retrieval& found) const {
  if (found.passages.empty() || !found.offtopic.empty() || !names_a_subject(found)) return std::nullopt;
  const Candidate& best = found.passages.front();
  if (best.score < p_.passage_floor) return std::nullopt;
  return best;
}

bool Decider::uncertain(int entry, double score, const std::vector<Candidate>& ranked) const {
  const bool close_runner_up = ranked.size() > 1 && ranked[0].entry == entry && score - ranked[1].score < p_.margin &&
                               store_.info(ranked[1].entry).topic != store_.info(entry).topic;
  return score < p_.direct || close_runner_up;
}

}  // namespace kb
