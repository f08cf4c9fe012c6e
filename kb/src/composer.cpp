#include "kb/composer.h"

#include <algorithm>

#include "kb/rules.h"
#include "kb/sentences.h"
#include "kb/text.h"

namespace kb {
namespace {

bool contains_any(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

bool starts_with_any(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return text.rfind(w, 0) == 0; });
}

// Whether the answer depends on where the asker is insured: the entry is limited to some places,
// a case tests the place, asks for it or names it, the question named a place, or the topic is a
// procedure (channels and offices differ from city to city).
bool depends_on_region(const Entry& e, const Slots& s, const TopicDef* topic) {
  if (!e.regions.empty() || !s.region.empty() || (topic && topic->procedural)) return true;
  const std::string placeholder = std::string("{") + kRegionSlot + "}";
  return std::any_of(e.cases.begin(), e.cases.end(), [&](const Case& c) {
    return c.when.slots.count(kRegionSlot) || c.when.cross_province || c.when.same_province || c.ask == kRegionSlot ||
           c.answer.find(placeholder) != std::string::npos;
  });
}

}  // namespace

std::vector<Related> Composer::related(const std::vector<Candidate>& ranked, int except) const {
  std::vector<Related> out;
  for (const auto& r : ranked) {
    if (out.size() == p_.max_related || r.score < p_.floor * p_.related_floor) break;
    if (r.entry != except) out.push_back({store_.info(r.entry).id, store_.entry(r.entry)->question});
  }
  return out;
}

// "这算违规吗" asks whether something is forbidden, so its yes is the rule's no: the verdict answers
// the question as asked, and the answer's first words say so instead of the rule's opening.
void Composer::answer_violation_question(AskResponse& resp, const std::u32string& text) const {
  if (resp.verdict != "yes" && resp.verdict != "no") return;
  const Messages& m = store_.messages();
  const DialogueWords& words = store_.lexicon().dialogue();
  const std::string utf8 = to_utf8(text);
  const bool forbidden = resp.verdict == "no";
  const bool scam = contains_any(utf8, words.scam_any) && !contains_any(utf8, words.scam_none);
  turn_verdict(resp, scam ? (forbidden ? m.violation_scam : m.violation_not_scam)
                          : (forbidden ? m.violation_forbidden : m.violation_allowed));
}

// "借别人的卡看病会被暂停结算吗" asks whether a conduct is punished: yes when the rule forbids it.
// Only for topics of conduct: "余额会不会被收回" is a rule about the money, answered as it stands.
void Composer::answer_penalty_question(AskResponse& resp) const {
  const TopicDef* t = store_.topic(resp.topic);
  if ((resp.verdict != "yes" && resp.verdict != "no") || !t || !t->conduct) return;
  const Messages& m = store_.messages();
  turn_verdict(resp, resp.verdict == "no" ? m.penalty_forbidden : m.penalty_allowed);
}

// "是不是不能给岳父用" asks whether the negative holds: yes when the rule says no. The rule's own
// opening stays after the lead ("对，不可以。"), which says whether the asker had it right.
void Composer::answer_negated_question(AskResponse& resp) const {
  if (resp.verdict != "yes" && resp.verdict != "no") return;
  const Messages& m = store_.messages();
  const bool forbidden = resp.verdict == "no";
  resp.answer = (forbidden ? m.negated_agree : m.negated_disagree) + resp.answer;
  resp.verdict = forbidden ? "yes" : "no";
}

// "老公的医保能给公公用吗": the relative was re-read as the account owner's (slots.h `owner`), so the
// answer says so after its opening ("可以。", "对，不可以。"), before a rule that speaks to the owner.
void Composer::say_whose_account(AskResponse& resp) const {
  if (resp.slots.owner.empty()) return;
  const Messages& m = store_.messages();
  const std::string note =
      fill(m.owner_lead_for(resp.slots.relation), {{"owner", resp.slots.owner}, {"relation", resp.slots.relation}});
  auto opens_with = [&](size_t at, const std::string& s) { return resp.answer.compare(at, s.size(), s) == 0; };
  size_t at = 0;
  for (const auto* lead : {&m.negated_agree, &m.negated_disagree})
    if (!lead->empty() && opens_with(0, *lead)) at = lead->size();
  static const std::string full_stop = "。";
  for (const auto& opening : m.rule_openings)
    if (opening.size() >= full_stop.size() && opening.ends_with(full_stop) && opens_with(at, opening)) {
      at += opening.size();
      break;
    }
  resp.answer.insert(at, note);
}

// The verdict turned round, and `lead` in place of the rule's own opening.
void Composer::turn_verdict(AskResponse& resp, const std::string& lead) const {
  const Messages& m = store_.messages();
  const bool forbidden = resp.verdict == "no";
  for (const auto& opening : m.rule_openings)
    if (resp.answer.rfind(opening, 0) == 0) {
      resp.answer.erase(0, opening.size());
      break;
    }
  resp.answer = lead + resp.answer;
  resp.verdict = forbidden ? "yes" : "no";
}

// "……要准备啥材料" asks for the list: the answer gives it after the rule, and is information —
// unless the question also asks whether it can be done ("家里人能取出来吗？都要准备啥材料"): the
// rule's yes or no stays, with the list after it.
void Composer::give_materials(AskResponse& resp, const std::string& list, const std::u32string& text,
                              Format format) const {
  const bool yes_or_no = resp.verdict == "yes" || resp.verdict == "no";
  if (!yes_or_no || !store_.lexicon().asks(text, "can")) resp.verdict = "info";
  if (format == Format::Speech)
    resp.answer = speakable(list);
  else if (resp.answer.find(list) == std::string::npos)
    resp.answer += (format == Format::Markdown ? "\n\n" : "\n") + list;
}

// "借卡给朋友，这样可以吗？被查到会怎样" asks whether, then what follows. A conduct's consequence
// case answers the second; the verdict answers the first: the rule for "can" gives it, and its
// first sentence ("不行。") leads the consequence.
void Composer::answer_whether_too(const Entry& e, const Composition& c, AskResponse& resp) const {
  const TopicDef* t = store_.topic(e.topic);
  if (!t || !t->conduct || !store_.lexicon().asks_outright(*c.text, "can")) return;
  Slots whether = resp.slots;
  whether.intent = "can";
  const Case* rule = select_case(e, whether, *c.text, store_.lexicon(), c.as_of);
  if (!rule || (rule->verdict != "yes" && rule->verdict != "no")) return;
  const std::u32string text = to_u32(rule->answer);
  const auto lead_end = std::find_if(text.begin(), text.end(), is_sentence_end);
  if (lead_end == text.end()) return;
  resp.verdict = rule->verdict;
  resp.answer = renderer_.fill_slots(to_utf8(std::u32string(text.begin(), lead_end + 1)), resp.slots) + resp.answer;
}

bool Composer::asks_which(const std::u32string& text) const {
  return contains_any(to_utf8(text), store_.lexicon().dialogue().which);
}

// A short yes/no question answered by how to do it ("支付宝能查余额吗", "能去现场办吗") is a yes:
// the way exists, and the answer says so first. Only for topics whose answers are procedures, and
// not for questions of how many or which (能绑几个), nor long calls where 能/吗 may be anywhere.
void Composer::answer_procedure_yes(AskResponse& resp, const Entry& entry, const std::u32string& text) const {
  const TopicDef* t = store_.topic(entry.topic);
  if (resp.verdict != "info" || resp.slots.intent != "can" || !t || !t->procedural) return;
  if (text.size() > p_.short_question_chars || asks_which(text)) return;
  // An entry that explains why something fails ("共济办了，家人为什么还是用不了") offers no way to say yes to.
  if (store_.lexicon().written_asks_why(entry.question)) return;
  const Messages& m = store_.messages();
  resp.verdict = "yes";
  if (!starts_with_any(resp.answer, m.yes_openings)) resp.answer = m.procedural_yes + resp.answer;
}

AskPrompt Composer::clarify(const std::string& slot) const {
  AskPrompt prompt{slot, store_.messages().clarify_question(slot), {}};
  const Lexicon& lex = store_.lexicon();
  if (slot == kRelationSlot) prompt.options = lex.relation_names();
  for (const auto& s : lex.value_slots())
    if (s.key == slot)
      for (const auto& [value, forms] : s.values) prompt.options.push_back(value);
  return prompt;
}

void Composer::answer(const Composition& c, AskResponse& resp) const {
  std::shared_ptr<const Entry> entry = store_.entry(c.entry);
  const Case* chosen = select_case(*entry, resp.slots, *c.text, store_.lexicon(), c.as_of);
  if (!chosen) chosen = &entry->cases.back();
  resp.topic = entry->topic;
  resp.entry_id = entry->id;
  resp.verdict = chosen->verdict;
  resp.confidence = std::min(1.0, c.score);
  resp.sources = entry->sources;
  resp.related = related(*c.ranked, c.entry);
  resp.regional = depends_on_region(*entry, resp.slots, store_.topic(entry->topic));
  const std::string& what_to_bring = !chosen->materials.empty() ? chosen->materials : entry->materials;
  const std::string list = what_to_bring.empty()
                               ? ""
                               : store_.messages().materials_heading + renderer_.fill_slots(what_to_bring, resp.slots);
  if (c.materials_only && !list.empty()) {  // the materials facet of the same entry ("需要带什么材料")
    resp.verdict = "info";
    resp.answer = c.format == Format::Speech ? speakable(list) : list;
    return;
  }
  RenderInput in{entry.get(), chosen, &resp.slots, {}};
  if (decider_.uncertain(c.entry, c.score, *c.ranked)) {
    resp.suggested = true;
    for (const auto& r : resp.related) in.suggestions.push_back(r.question);
  }
  resp.answer = renderer_.answer(in, c.format);
  // "可以吗？会不会被罚", "算不算套现？能这么干吗" ask first whether it is allowed: the rule's own
  // verdict answers that.
  const bool asks_can_too =
      resp.slots.asks_of_conduct() && store_.lexicon().asks_outright(*c.text, "can");  // only when it matters
  if (resp.slots.intent == "violation" && !asks_can_too) answer_violation_question(resp, *c.text);
  if (resp.slots.intent == "penalty" && !asks_can_too) answer_penalty_question(resp);
  if (resp.slots.negated && !resp.slots.asks_of_conduct()) answer_negated_question(resp);
  say_whose_account(resp);
  if (resp.slots.intent == "materials" && !list.empty()) give_materials(resp, list, *c.text, c.format);
  if (resp.slots.intent == "consequence") answer_whether_too(*entry, c, resp);
  answer_procedure_yes(resp, *entry, *c.text);
  // "为啥不能借" asks for the reason of a rule the asker already knows: the answer is the reason.
  if (resp.slots.intent == "why" && (resp.verdict == "yes" || resp.verdict == "no")) resp.verdict = "info";
  if (!chosen->ask.empty() && resp.slots.get(chosen->ask).empty()) resp.ask = clarify(chosen->ask);
}

void Composer::excerpt(const Retrieval& found, const Candidate& passage, Format format, AskResponse& resp) const {
  std::shared_ptr<const Entry> entry = store_.entry(passage.entry);
  resp.topic = entry->topic;
  resp.entry_id = entry->id;
  resp.verdict = "info";
  resp.excerpt = true;
  resp.confidence = std::min(1.0, passage.score);
  resp.sources = entry->sources;
  resp.related = related(found.ranked, -1);
  resp.answer = renderer_.excerpt(*entry, format);
}

void Composer::out_of_scope(const Retrieval& found, double score, Format format, AskResponse& resp) const {
  resp.topic = store_.out_of_scope_topic();
  resp.verdict = "unknown";
  resp.confidence = std::min(1.0, score);
  resp.related = related(found.ranked, -1);
  std::vector<std::string> questions;
  for (const auto& r : resp.related) questions.push_back(r.question);
  // "你好", "在吗", "谢谢": nothing but words the analysis drops is no question yet; say what is asked
  // here instead of that it is out of scope.
  const bool greeting_only = found.terms.empty() && found.ranked.empty() && format != Format::Speech;
  const std::string& greeting = store_.messages().out_of_scope.greeting;
  resp.answer = greeting_only && !greeting.empty()
                    ? greeting
                    : renderer_.out_of_scope(found.offtopic, resp.slots, questions, format);
}

}  // namespace kb
