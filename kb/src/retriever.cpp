#include "kb/retriever.h"

#include <algorithm>

#include "entry_scores.h"
#include "kb/dates.h"
#include "kb/normalizer.h"
#include "kb/query_compiler.h"
#include "kb/rules.h"

namespace kb {
namespace {

// Answer coverage walks answer postings into a per-entry array up to this many entries.
constexpr size_t kDenseCoverage = 8192;

bool better(const Candidate& x, const Candidate& y) {
  return x.score != y.score ? x.score > y.score : x.entry < y.entry;
}

}  // namespace

// Query-side weights: the same function weighs the rows. Also collects other domains' words.
std::vector<QueryTerm> Retriever::query_terms(Retrieval& out, double& query_norm) const {
  std::vector<QueryTerm> qterms;
  query_norm = 0;
  for (const auto& t : out.terms) {
    auto id = store_.term_id(t.key);
    const double w = t.weight * (id ? store_.idf(*id) : store_.unknown_idf());
    query_norm += w;
    // Common by kind only (医保, 用, 能不能). Treating frequent content words (钱, 家人) the same was
    // measured: retrieval 7.1 → 3.0 µs, but six eligibility questions lost their answer, whose
    // phrasings hold nothing but such words.
    if (id && w > 0) qterms.push_back({*id, store_.term_weight(*id), false, t.kind == TermKind::Common});
    if (t.kind == TermKind::Offtopic) out.offtopic.push_back(t.key);
  }
  return qterms;
}

// Entries in force for the date and region, by their best phrasing; only the best rank_top go on
// to answer coverage and sorting (a larger store touches thousands).
EntryScores Retriever::in_force(const EntryScores& scores, const Slots& slots, const std::string& as_of) const {
  const Lexicon& lex = store_.lexicon();
  const int province = slots.region_index >= 0 ? lex.province_of(slots.region_index) : -1;
  const uint32_t date = date_number(as_of, false);
  EntryScores candidates;
  for (const auto& [qs, e] : scores) {
    const EntryInfo& info = store_.info(static_cast<int>(e));
    if (!kb::in_force(info.from, info.to, date)) continue;
    if (!info.regions.empty() && std::none_of(info.regions.begin(), info.regions.end(), [&](int r) {
          return r >= 0 && (r == slots.region_index || r == province);
        }))
      continue;
    candidates.emplace_back(qs, e);
  }
  auto by_score = [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  };
  if (candidates.size() > p_.rank_top) {
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<long>(p_.rank_top), candidates.end(),
                     by_score);
    candidates.resize(p_.rank_top);
  }
  return candidates;
}

// How much of the question each candidate's answers cover. On a small store the answer postings
// of the query terms are walked into a per-entry sum (a binary search per candidate and term cost a
// third of retrieval); a large store searches each candidate's answer terms.
std::vector<double> Retriever::coverage(const std::vector<QueryTerm>& qterms, const EntryScores& candidates) const {
  std::vector<double> out;
  out.reserve(candidates.size());
  const ConceptIndex& index = store_.index();
  if (store_.entry_count() <= kDenseCoverage) {
    thread_local std::vector<double> covered;
    covered.resize(std::max(covered.size(), store_.entry_count()));
    for (const auto& q : qterms)
      for (uint32_t e : index.answer_postings(q.id)) covered[e] += q.weight;
    for (const auto& c : candidates) out.push_back(covered[c.second]);
    for (const auto& q : qterms)
      for (uint32_t e : index.answer_postings(q.id)) covered[e] = 0;
    return out;
  }
  for (const auto& c : candidates) {
    auto answer_terms = store_.answer_terms(static_cast<int>(c.second));
    double covered = 0;
    for (const auto& q : qterms)
      if (std::binary_search(answer_terms.begin(), answer_terms.end(), q.id)) covered += q.weight;
    out.push_back(covered);
  }
  return out;
}

std::vector<Candidate> Retriever::rank(const std::vector<QueryTerm>& qterms, const EntryScores& scores,
                                       double query_norm, const Slots& slots, const std::string& as_of,
                                       bool nobody_else) const {
  const EntryScores candidates = in_force(scores, slots, as_of);
  const std::vector<double> covered = coverage(qterms, candidates);
  std::vector<Candidate> ranked;
  ranked.reserve(candidates.size());
  const std::vector<std::string> shunned = shunned_topics(qterms);
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto [qs, e] = candidates[i];
    const double a = covered[i] / query_norm;
    const double claimed = claims_named(store_.info(static_cast<int>(e)), qterms) ? p_.claim_bonus : 0.0;
    const std::string& topic = store_.info(static_cast<int>(e)).topic;
    double off = nobody_else && topic_has(topic, &TopicDef::about_others) ? p_.nobody_else_penalty : 0.0;
    if (std::find(shunned.begin(), shunned.end(), topic) != shunned.end()) off += p_.shun_penalty;
    // "这种行为算不算违规" leans to a conduct topic's rules; "给我妈绑要怎么弄" asks how to bind, not who
    // may share. The flags are looked up only for such questions, not for every candidate.
    const double conduct = slots.asks_of_conduct() && topic_has(topic, &TopicDef::conduct) ? p_.conduct_bonus : 0.0;
    if (slots.asks_only_how() && topic_has(topic, &TopicDef::whether)) off += p_.how_only_penalty;
    ranked.push_back(
        {static_cast<int>(e), p_.question_weight * qs + p_.coverage_weight * a + claimed + conduct - off, qs, a});
  }
  std::sort(ranked.begin(), ranked.end(), better);
  const size_t top = std::min(ranked.size(), p_.slot_bonus_top);
  for (size_t i = 0; i < top; ++i) {
    const auto entry = store_.entry(ranked[i].entry);
    ranked[i].score += slot_bonus(*entry, slots) - (asks_why(*entry, slots) ? p_.why_entry_penalty : 0.0);
  }
  std::sort(ranked.begin(), ranked.begin() + static_cast<long>(top), better);
  return ranked;
}

// Passages are ranked apart from the entries (before the rank_top cut, which they would crowd),
// by the same phrasing match and answer coverage, with no claims, slots or topic penalties:
// nothing about them can move an entry's rank.
EntryScores Retriever::take_passages(EntryScores& scores) const {
  EntryScores passages;
  if (store_.passage_count() == 0) return passages;
  auto entries_end = std::stable_partition(
      scores.begin(), scores.end(), [&](const auto& s) { return !store_.is_passage(static_cast<int>(s.second)); });
  passages.assign(entries_end, scores.end());
  scores.erase(entries_end, scores.end());
  return passages;
}

std::vector<Candidate> Retriever::rank_passages(const std::vector<QueryTerm>& qterms, const EntryScores& scores,
                                                double query_norm, const Slots& slots, const std::string& as_of) const {
  const EntryScores candidates = in_force(scores, slots, as_of);
  const std::vector<double> covered = coverage(qterms, candidates);
  std::vector<Candidate> ranked;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto [qs, e] = candidates[i];
    const double a = covered[i] / query_norm;
    ranked.push_back({static_cast<int>(e), p_.question_weight * qs + p_.coverage_weight * a, qs, a});
  }
  std::sort(ranked.begin(), ranked.end(), better);
  return ranked;
}

// "借我妈的卡去开药" names 冒名, and the entry that claims it answers, however much an eligibility
// entry shares of the rest (妈, 开药, 能不能).
bool Retriever::claims_named(const EntryInfo& info, const std::vector<QueryTerm>& qterms) const {
  return std::any_of(info.claims.begin(), info.claims.end(), [&](uint32_t id) {
    return std::any_of(qterms.begin(), qterms.end(), [&](const QueryTerm& q) { return q.id == id; });
  });
}

// "我自己能刷卡买药吗", "用个人账户买护肤品行不行": nobody but the asker is named (no relative, no
// person word or 他/她, no 共济), so entries about what relatives may do fit less than their shared words
// suggest.
bool Retriever::names_nobody_else(const Retrieval& found, const Slots& slots) const {
  if (!slots.relation.empty() || slots.relation_unclear || slots.names_third_person) return false;
  const Lexicon& lex = store_.lexicon();
  return std::none_of(found.terms.begin(), found.terms.end(), [&](const Term& t) {
    auto c = t.kind == TermKind::Word ? std::nullopt : lex.find_concept(t.key);
    return c && lex.concept_def(*c).person;
  });
}

// One flag of a topic's definition (false for a topic the store does not define).
bool Retriever::topic_has(const std::string& topic, bool TopicDef::*flag) const {
  const TopicDef* t = store_.topic(topic);
  return t && t->*flag;
}

// "把共济的钱取出来给老人当生活费" names 提取: whatever it shares with who may share, it asks about
// cashing out (TopicDef::shuns). Found once per question, not per candidate.
std::vector<std::string> Retriever::shunned_topics(const std::vector<QueryTerm>& qterms) const {
  std::vector<std::string> out;
  for (const auto& t : store_.topics()) {
    const bool named = std::any_of(t.shuns.begin(), t.shuns.end(), [&](const std::string& concept_id) {
      const auto id = store_.term_id(concept_id);
      return id && std::any_of(qterms.begin(), qterms.end(), [&](const QueryTerm& q) { return q.id == *id; });
    });
    if (named) out.push_back(t.id);
  }
  return out;
}

// "我哥哥姐姐可以用我的个人账户吗" asks whether, not why a balance shows 0: an entry whose own question
// asks why answers a question that asks whether only when nothing closer does.
bool Retriever::asks_why(const Entry& e, const Slots& s) const {
  return s.intent == "can" && store_.lexicon().written_asks_why(e.question);
}

// Slot evidence: an entry whose rules test exactly what the question states (a cross-province
// case, a rule on the channel named) fits better than one that ignores it.

double Retriever::slot_bonus(const Entry& e, const Slots& s) const {
  double best = 0;
  for (const auto& c : e.cases) {
    if (c.when.empty()) continue;
    int stated = 0;
    bool holds = true;
    for (const auto& [key, values] : c.when.slots) {
      // Nearly every family question names a relative, and most ask "can" or "how": no evidence
      // for one entry. A rarer intent (why, consequence, materials) is, and so is a rule for
      // exactly one relative ("老公他妈" and a rule for 配偶的父母 alone).
      if (key == kRelationSlot && (values.size() != 1 || values.front() != s.relation)) continue;
      if (key == kIntentSlot && (s.intent.empty() || s.intent == "can" || s.intent == "how")) continue;
      if (store_.lexicon().asked_with_intent(key))
        continue;  // how it is asked (清零), like the intent: the words rank it
      if (s.get(key).empty()) {
        holds = false;
        break;
      }
      ++stated;
    }
    if (c.when.cross_province) {
      holds = holds && s.cross_province;
      ++stated;
    }
    if (c.when.same_province) {
      holds = holds && s.same_province;
      ++stated;
    }
    if (!holds || stated == 0) continue;
    Condition slots_only = c.when;
    slots_only.any.clear();
    slots_only.none.clear();
    if (!condition_holds(slots_only, s, "", store_.lexicon())) continue;
    best = std::max(best, std::min(p_.slot_bonus_max, p_.slot_bonus_per_slot * stated));
  }
  return best;
}

// No phrasing shares a term with the question: FTS5 over the texts, by character phrases, still
// finds related entries to offer (scored 0: never answered, only suggested).
void Retriever::text_search(const Analysis& analysis, Retrieval& out) const {
  const Lexicon& lex = store_.lexicon();
  std::vector<std::string> words;
  for (const auto& tok : analysis.tokens) {
    auto c = tok.form >= 0 ? lex.concept_of_form(tok.form) : std::nullopt;
    if (!c || lex.concept_kind(*c) != TermKind::Filler) words.push_back(tok.text);
  }
  out.text_match = compile_text_match(words);
  for (int entry : store_.search_text(out.text_match, static_cast<int>(p_.text_search_limit)))
    if (std::none_of(out.ranked.begin(), out.ranked.end(), [&](const Candidate& x) { return x.entry == entry; }))
      out.ranked.push_back({entry, 0.0, 0.0, 0.0});
}

void Retriever::prefer_exact(Retrieval& found, std::string_view question) const {
  if (found.ranked.size() < 2 || found.ranked.front().score <= 0) return;
  const std::string asked = normalize_utf8(question);
  // Only the runners-up within the margin: an exact wording shares every term, so it scores with
  // the best unless a bonus lifted another entry; and each look parses an entry's wordings.
  const double best = found.ranked.front().score;
  for (size_t i = 1; i < found.ranked.size() && found.ranked[i].score >= best - p_.margin; ++i) {
    if (found.ranked[i].score <= 0) break;  // text-search offers are never answers
    const auto entry = store_.entry(found.ranked[i].entry);
    const auto texts = entry->questions();
    if (std::none_of(texts.begin(), texts.end(), [&](const std::string& t) { return normalize_utf8(t) == asked; }))
      continue;
    Candidate exact = found.ranked[i];
    exact.score = std::max(exact.score, best);
    found.ranked.erase(found.ranked.begin() + static_cast<long>(i));
    found.ranked.insert(found.ranked.begin(), exact);
    return;
  }
}

Retrieval Retriever::retrieve(const Analysis& analysis, const Slots& slots, const std::string& as_of) const {
  const Lexicon& lex = store_.lexicon();
  Retrieval out;
  out.terms = store_.analyzer().terms(analysis);
  // Two places in different provinces imply what 异地 would have said in words.
  const std::string& implied = lex.dialogue().cross_province_concept;
  auto imply = [&](const std::string& key) {
    auto c = lex.find_concept(key);
    if (c && std::none_of(out.terms.begin(), out.terms.end(), [&](const Term& t) { return t.key == key; }))
      out.terms.push_back({key, TermKind::Domain, lex.concept_def(*c).weight});
  };
  if (slots.cross_province) imply(implied);
  // A relative the conversation names for a pronoun ("那我的能给他用吗" after the father's balance)
  // counts as though named in words.
  if (auto relation = lex.relation_index(slots.relation); relation && slots.names_third_person)
    imply(lex.relations()[static_cast<size_t>(*relation)].concept_id);
  double query_norm = 0;
  std::vector<QueryTerm> qterms = query_terms(out, query_norm);
  if (!qterms.empty() && query_norm > 0) {
    const ConceptIndex& index = store_.index();
    sort_terms(index, qterms);
    EntryScores scores = fits_dense(index, store_.entry_count(), qterms, p_.candidate_budget)
                             ? score_dense(index, store_.entry_count(), qterms, query_norm, p_)
                             : score_sparse(index, store_.entry_count(), qterms, query_norm, p_);
    const EntryScores passages = take_passages(scores);
    out.ranked = rank(qterms, scores, query_norm, slots, as_of, names_nobody_else(out, slots));
    if (!passages.empty()) out.passages = rank_passages(qterms, passages, query_norm, slots, as_of);
  }
  if (out.ranked.empty()) text_search(analysis, out);
  return out;
}

}  // namespace kb
