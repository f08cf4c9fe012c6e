#include "kb/dialogue.h"

#include <algorithm>

#include "kb/rules.h"
#include "kb/text.h"

namespace kb {

std::optional<ContextState> Dialogue::open(const std::string& context) const {
  if (context.empty()) return std::nullopt;
  auto prev = codec_.decode(context, unix_now());
  if (!prev) return prev;
  const auto entry = store_.entry_index(prev->entry_id);
  if (prev->kb_version != store_.kb_version() && !entry) return std::nullopt;
  // An excerpt has no rules a follow-up could continue: the next question starts afresh.
  if (entry && store_.is_passage(*entry)) return std::nullopt;
  return prev;
}

void Dialogue::resolve_pronoun(const ContextState& prev, Slots& stated) const {
  if (!stated.names_third_person || !stated.relation.empty()) return;
  auto before = prev.slots.find(kRelationSlot);
  if (before == prev.slots.end()) return;
  stated.relation = before->second;
  stated.relation_unclear = false;
}

std::optional<Analysis> Dialogue::restore_subject(const ContextState& prev, const std::string& question,
                                                  const Analysis& analysis) const {
  const Lexicon& lex = store_.lexicon();
  const std::string& subject = lex.dialogue().implied_subject;
  const TopicDef* topic = store_.topic(prev.topic);
  if (subject.empty() || !topic || !topic->about_others) return std::nullopt;
  const auto card_use = lex.find_concept(lex.impersonation().concept_id);
  auto names_card_use = [&](const Analysis& a) {
    return std::any_of(a.tokens.begin(), a.tokens.end(), [&](const Token& t) {
      return t.marks == card_use || (t.form >= 0 && lex.concept_of_form(t.form) == card_use);
    });
  };
  if (!card_use || names_card_use(analysis)) return std::nullopt;
  Analysis restored = store_.analyzer().analyze(subject + question);
  if (!names_card_use(restored)) return std::nullopt;
  return restored;
}

// What a follow-up may state without repeating the question: slot words (a relative, a place, a
// channel …) and facet words (带什么材料). Anything else is content that can start a new topic.
bool Dialogue::only_slots_and_facets(const Retrieval& found, bool frames_too) const {
  const Lexicon& lex = store_.lexicon();
  auto slot_or_facet = [&](const Term& t) {
    if (t.kind == TermKind::Common || t.kind == TermKind::Filler) return true;
    auto c = t.kind == TermKind::Word ? std::nullopt : lex.find_concept(t.key);
    if (c && (lex.concept_def(*c).facet || (frames_too && lex.concept_def(*c).frame))) return true;
    return std::any_of(lex.value_slots().begin(), lex.value_slots().end(), [&](const ValueSlotDef& s) {
      return std::any_of(s.values.begin(), s.values.end(), [&](const auto& v) { return v.first == t.key; });
    });
  };
  double content = 0;
  for (const auto& t : found.terms)
    if (!slot_or_facet(t)) content += t.weight;
  return content == 0;
}

bool Dialogue::elliptical(const std::u32string& text) const {
  if (text.empty()) return false;
  const DialogueWords& w = store_.lexicon().dialogue();
  const std::string utf8 = to_utf8(text);
  auto ends_with = [&](const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  // The marker may be followed by one more character (呢啊).
  const std::string but_last = to_utf8(text.substr(0, text.size() - 1));
  const bool ends = std::any_of(w.ends_with.begin(), w.ends_with.end(),
                                [&](const std::string& m) { return ends_with(utf8, m) || ends_with(but_last, m); });
  const bool starts = std::any_of(w.starts_with.begin(), w.starts_with.end(),
                                  [&](const std::string& m) { return utf8.rfind(m, 0) == 0; });
  return ends || starts || text.size() <= p_.elliptical_chars;
}

// The question's own slots, completed by the previous turn's; `adds_slot` says whether the
// question states a slot the previous turn did not have, or another value for one it had.
Slots Dialogue::merge(const Slots& stated, const ContextState& prev, bool& adds_slot) const {
  Slots merged = stated;
  adds_slot = false;
  // "那她爸呢" after 媳妇: her father, 配偶的父母.
  auto before = prev.slots.find(kRelationSlot);
  if (stated.relation_of_third_person && before != prev.slots.end()) {
    const Lexicon& lex = store_.lexicon();
    auto first = lex.relation_index(before->second), second = lex.relation_index(stated.relation);
    auto composed = first && second ? lex.compose(*first, *second) : std::nullopt;
    if (composed && !composed->ambiguous)
      merged.relation = lex.relations()[static_cast<size_t>(composed->relation)].name;
  }
  for (const auto& [key, value] : prev.slots) {
    const std::string& mine = merged.get(key);
    if (!mine.empty()) {
      adds_slot = adds_slot || mine != value;
      continue;
    }
    merged.set(key, value);
    if (key == kRegionSlot) merged.region_index = store_.lexicon().find_region(value).value_or(-1);
  }
  for (const auto& [key, value] : stated.carried())
    if (!prev.slots.count(key)) adds_slot = true;
  return merged;
}

bool Dialogue::follow_up(const ContextState& prev, const Analysis& analysis, const Retrieval& found,
                         const ValidRequest& req, AskResponse& resp) const {
  if (!found.offtopic.empty()) return false;  // "公积金呢" starts afresh
  const bool materials = resp.slots.intent == "materials";
  const bool new_content = !only_slots_and_facets(found);
  bool adds_slot = false;
  Slots merged = merge(resp.slots, prev, adds_slot);
  // "支付宝呢" after "咋查", "那转给我闺女呢" after "能转给朋友吗": asked the same way.
  // "大概多少" after "还有钱打进来吗" asks how much, not whether again.
  if (merged.intent.empty() && (!new_content || elliptical(analysis.text)) && !composer_.asks_which(analysis.text))
    merged.intent = prev.intent;
  keep_with_intent(resp.slots, merged);
  Composition c{-1, 1.0, &found.ranked, &analysis.text, req.format, req.as_of, materials};
  auto prev_entry = store_.entry_index(prev.entry_id);
  // "那正规途径是什么" after lending a card: what to do instead is the entry the rule points to.
  if (auto instead = prev_entry ? instead_of(*prev_entry, analysis.text) : std::nullopt)
    return answer_entry(*instead, lawful_way_slots(resp.slots, merged), c, resp);
  // "为啥，又不是啥大事", "店员说可以刷啊，为啥不行": why the previous answer holds.
  if (prev_entry && (asks_why_of_previous(found, resp.slots) || asks_consequence_of_previous(prev, found, resp.slots)))
    return answer_entry(*prev_entry, merged, c, resp);
  // "那我要怎么办" after a scam call: a reply of nothing but a question word asks about the previous
  // answer.
  if (prev_entry && found.terms.empty() && !resp.slots.intent.empty())
    return answer_entry(*prev_entry, merged, c, resp);
  // "要带啥材料" after an entry with no list of materials (who may share) asks for the family's
  // procedure (how to bind), found below.
  const bool lists_materials = prev_entry && this->lists_materials(*prev_entry, merged, analysis.text, req.as_of);
  const bool anew = asks_about_new_relative(prev, resp.slots);
  if (!new_content && prev_entry && (adds_slot || (materials && lists_materials)) && !anew) {
    // "那我哥哥呢", "支付宝呢", "在南京", "我外甥", "需要带什么材料": the same entry, new slots.
    return answer_entry(entry_for_stated(*prev_entry, merged, prev, found), merged, c, resp);
  }
  const bool wants_materials = materials && !new_content && prev_entry && !lists_materials;
  if (prev.topic.empty() || prev.topic == store_.out_of_scope_topic()) return false;
  // "她是居民医保" after who may share: nothing but a slot value the previous entry did not take (the
  // relative's insurance), read inside the family like an elliptical reply.
  const bool only_states = !new_content && !wants_materials && !adds_slot;
  if (!only_states && ((!new_content && !wants_materials) || !elliptical(analysis.text) || anew))
    return continue_near_tie(prev, merged, c, resp);
  return continue_in_family(prev, prev_entry, found, {new_content, wants_materials}, merged, c, resp);
}

// Who and where carry over to the lawful way; what the forbidden conduct was about (刷米面油:
// purpose 保健品) does not, or the lawful way would be answered with the rule against it.
Slots Dialogue::lawful_way_slots(const Slots& stated, const Slots& merged) const {
  Slots lawful = stated;
  for (const char* key : {kRelationSlot, kRegionSlot})
    if (lawful.get(key).empty()) lawful.set(key, merged.get(key));
  lawful.region_index = lawful.get(kRegionSlot).empty() ? -1 : merged.region_index;
  return lawful;
}

// "老人不会用手机呢": the new words, read inside the previous topic's family ("那正规途径是什么"
// after a WeChat cash-out question asks about withdrawal itself).
bool Dialogue::continue_in_family(const ContextState& prev, std::optional<int> prev_entry, const Retrieval& found,
                                  Reply reply, const Slots& merged, Composition& c, AskResponse& resp) const {
  const double best = found.ranked.empty() ? 0 : found.ranked.front().score;
  auto near_best = [&](const Candidate& candidate) {
    return candidate.score >= p_.floor && candidate.score >= best - p_.family_margin;
  };
  if (prev_entry)
    if (auto other = entry_for_new_relative(*prev_entry, merged, prev, found))
      for (const auto& candidate : found.ranked)
        if (candidate.entry == *other) return answer_with(candidate, merged, c, resp);
  // "会被罚吗" after a pharmacy's offer: the previous entry goes on when it ranks near the best and
  // its answers speak of the new words, before another entry of the topic that shares them.
  for (const auto& candidate : found.ranked)
    if (prev_entry && candidate.entry == *prev_entry && !reply.wants_materials && near_best(candidate) &&
        (!reply.new_content || candidate.answer > 0))
      return answer_with(candidate, merged, c, resp);
  for (const auto& candidate : found.ranked) {
    if (!same_family(store_.info(candidate.entry).topic, prev.topic)) continue;
    if (reply.wants_materials && !has_materials(candidate.entry)) continue;
    // Its answers must say something of the new words ("那人去世了呢" after 清零: not why a balance
    // shows 0, whose phrasing shares 去世 but whose answer does not).
    if (reply.new_content && candidate.answer <= 0) continue;
    if (!near_best(candidate) && !reply.wants_materials) break;
    return answer_with(candidate, merged, c, resp);
  }
  return false;
}

// "能给老伴用吗，她是居民医保" after how much a retiree is credited: a question of its own about a
// relative, after an answer that is about no relative, asks anew; "那我老婆呢" (no question word)
// still asks the previous question for her.
bool Dialogue::asks_about_new_relative(const ContextState& prev, const Slots& stated) const {
  if (stated.intent.empty() || stated.relation.empty()) return false;
  auto before = prev.slots.find(kRelationSlot);
  // "那我的能给他用吗" after why the father's balance is 0: the same relative by a pronoun, asked a
  // question of its own.
  if (before != prev.slots.end() && before->second == stated.relation && !stated.names_third_person) return false;
  const TopicDef* topic = store_.topic(prev.topic);
  return topic && !topic->about_others;
}

// "对了你知道北京今天限行尾号是几吗" after checking the balance names nothing of this service: the
// conversation does not make a weak match on 号 (打电话查余额) an answer.
bool Dialogue::continues(const ContextState& prev, const Retrieval& found) const {
  if (prev.topic.empty() || prev.topic == store_.out_of_scope_topic() || found.ranked.empty()) return false;
  return std::any_of(found.terms.begin(), found.terms.end(), [](const Term& t) {
    return t.kind == TermKind::Domain || t.kind == TermKind::Common || t.kind == TermKind::Offtopic;
  });
}

// A slot of how the question was asked (slots.yaml `with_intent`) goes on only with the intent:
// "要是我退休了呢，还会往里面打钱吗" asks anew, so the previous "会清零吗" does not colour it.
void Dialogue::keep_with_intent(const Slots& stated, Slots& merged) const {
  if (stated.intent.empty()) return;
  for (const auto& slot : store_.lexicon().value_slots())
    if (slot.with_intent && stated.get(slot.key).empty()) merged.set(slot.key, "");
}

std::optional<int> Dialogue::instead_of(int prev_entry, const std::u32string& text) const {
  const std::string& instead = store_.entry(prev_entry)->instead;
  const auto& words = store_.lexicon().dialogue().instead;
  const std::string utf8 = to_utf8(text);
  if (instead.empty() ||
      std::none_of(words.begin(), words.end(), [&](const std::string& w) { return utf8.find(w) != std::string::npos; }))
    return std::nullopt;
  return store_.entry_index(instead);
}

// A reply asking why that is no clear question of its own asks why the previous answer holds, and
// so does one that names nothing but the why and who ("为啥啊，都是一家人" after an in-law's no).
bool Dialogue::asks_why_of_previous(const Retrieval& found, const Slots& stated) const {
  return stated.intent == "why" &&
         (found.ranked.empty() || found.ranked.front().score < p_.direct || only_slots_and_facets(found, true));
}

// "罚得重不重，具体怎么处理" after lending a card: what befalls the conduct of the previous answer,
// when the reply names no conduct of its own.
bool Dialogue::asks_consequence_of_previous(const ContextState& prev, const Retrieval& found,
                                            const Slots& stated) const {
  const TopicDef* topic = store_.topic(prev.topic);
  return (stated.asks_of_conduct() || stated.intent == "consequence") && topic && topic->conduct &&
         only_slots_and_facets(found, true);
}

bool Dialogue::answer_with(const Candidate& candidate, const Slots& merged, Composition& c, AskResponse& resp) const {
  c.score = candidate.score;
  return answer_entry(candidate.entry, merged, c, resp);
}

bool Dialogue::answer_entry(int entry, const Slots& merged, Composition& c, AskResponse& resp) const {
  resp.slots = merged;
  c.entry = entry;
  composer_.answer(c, resp);
  return true;
}

// A question of its own inside a conversation: when the best entry is of another topic and one of
// the previous topic's family ranks within scoring.continuity_margin of it, the conversation's
// topic wins ("俺爹不会用手机，咋整" after how to check the balance: how the elderly check it, not
// how they bind). The question's own slots stay; the previous turn's fill what it leaves out.
bool Dialogue::continue_near_tie(const ContextState& prev, const Slots& merged, Composition& c,
                                 AskResponse& resp) const {
  const auto& ranked = *c.ranked;
  if (ranked.empty() || ranked.front().score < p_.floor ||
      same_family(store_.info(ranked.front().entry).topic, prev.topic))
    return false;
  for (const auto& candidate : ranked) {
    if (candidate.score < ranked.front().score - p_.continuity_margin || candidate.score < p_.floor) break;
    if (!same_family(store_.info(candidate.entry).topic, prev.topic)) continue;
    return answer_with(candidate, merged, c, resp);
  }
  return false;
}

// "那买保健品呢" after paying a relative's premium: a value no rule of the previous entry tests
// (purpose 保健品) goes to the family's entry that tests it, if one ranks; the relative and the place
// stay with the previous entry, whose answer they complete.
int Dialogue::entry_for_stated(int prev_entry, const Slots& stated, const ContextState& prev,
                               const Retrieval& found) const {
  for (const auto& [key, value] : stated.carried()) {
    if (key == kRelationSlot)
      if (auto other = entry_for_new_relative(prev_entry, stated, prev, found)) return *other;
    if (key == kRelationSlot || key == kRegionSlot || (prev.slots.count(key) && prev.slots.at(key) == value) ||
        has_rule_for(prev_entry, key, value))
      continue;
    for (const auto& candidate : found.ranked)
      if (same_family(store_.info(candidate.entry).topic, prev.topic) && has_rule_for(candidate.entry, key, value))
        return candidate.entry;
    // "那会清零吗" after whether one may withdraw on leaving a job: a slot of how the question is
    // asked that no rule of that family tests goes to the entry that does test it.
    if (!store_.lexicon().asked_with_intent(key) || tests_slot(prev_entry, key)) continue;
    for (const auto& candidate : found.ranked)
      if (has_rule_for(candidate.entry, key, value)) return candidate.entry;
  }
  return prev_entry;
}

// An entry of who may share that rules on no relation is about one kind of relative (前妻):
// "那孩子跟她过，还能用我的吗" after whether an ex-wife may share asks about the child, whom the
// family's entry that rules on children answers.
std::optional<int> Dialogue::entry_for_new_relative(int prev_entry, const Slots& merged, const ContextState& prev,
                                                    const Retrieval& found) const {
  auto before = prev.slots.find(kRelationSlot);
  const TopicDef* topic = store_.topic(prev.topic);
  if (merged.relation.empty() || (before != prev.slots.end() && before->second == merged.relation) || !topic ||
      !topic->whether || tests_slot(prev_entry, kRelationSlot))
    return std::nullopt;
  for (const auto& candidate : found.ranked)
    if (same_family(store_.info(candidate.entry).topic, prev.topic) &&
        has_rule_for(candidate.entry, kRelationSlot, merged.relation))
      return candidate.entry;
  return std::nullopt;
}

bool Dialogue::has_rule_for(int entry, const std::string& key, const std::string& value) const {
  const Entry& e = *store_.entry(entry);
  return std::any_of(e.cases.begin(), e.cases.end(), [&](const Case& c) {
    auto values = c.when.slots.find(key);
    return values != c.when.slots.end() &&
           std::find(values->second.begin(), values->second.end(), value) != values->second.end();
  });
}

bool Dialogue::tests_slot(int entry, const std::string& key) const {
  const Entry& e = *store_.entry(entry);
  return std::any_of(e.cases.begin(), e.cases.end(), [&](const Case& c) { return c.when.slots.count(key) > 0; });
}

bool Dialogue::same_family(const std::string& topic, const std::string& other) const {
  if (topic == other) return true;
  const TopicDef* a = store_.topic(topic);
  const TopicDef* b = store_.topic(other);
  return a && b && !a->family.empty() && a->family == b->family;
}

// Whether the entry's answer for these slots carries a list: "要带啥材料" after the general rule of
// withdrawal (no list in its default case) asks for the materials entry, not the rule again.
bool Dialogue::lists_materials(int entry, const Slots& slots, const std::u32string& text,
                               const std::string& as_of) const {
  const Entry& e = *store_.entry(entry);
  if (!e.materials.empty()) return true;
  const Case* chosen = select_case(e, slots, text, store_.lexicon(), as_of);
  return chosen && !chosen->materials.empty();
}

bool Dialogue::has_materials(int entry) const {
  const Entry& e = *store_.entry(entry);
  return !e.materials.empty() ||
         std::any_of(e.cases.begin(), e.cases.end(), [](const Case& c) { return !c.materials.empty(); });
}

ContextState Dialogue::state_of(const AskResponse& resp) const {
  ContextState s;
  s.kb_version = store_.kb_version();
  s.entry_id = resp.entry_id;
  s.topic = resp.topic;
  s.slots = resp.slots.carried();
  s.intent = resp.slots.intent;
  if (resp.ask) s.ask = resp.ask->slot;
  return s;
}

std::string Dialogue::seal(const AskResponse& resp) const {
  ContextState s = state_of(resp);
  s.issued = unix_now();
  return codec_.encode(s);
}

}  // namespace kb
