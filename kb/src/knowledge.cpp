#include "kb/knowledge.h"

namespace kb {
using nlohmann::json;

namespace {
template <class T>
void get_opt(const json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) it->get_to(out);
}

// Empty fields are left out: at a million entries the store is mostly entry JSON.
template <class T>
void put(json& j, const char* key, const T& v) {
  if (!v.empty()) j[key] = v;
}
}  // namespace

std::vector<std::string> Entry::questions() const {
  std::vector<std::string> all{question};
  all.insert(all.end(), phrasings.begin(), phrasings.end());
  return all;
}

std::string Entry::answers(const std::string& separator) const {
  std::string out;
  for (const auto& c : cases) (out += c.answer) += separator;
  return out;
}

namespace {
const std::string& by_key_or_default(const std::map<std::string, std::string>& messages, const std::string& key) {
  static const std::string none;
  if (auto it = messages.find(key); it != messages.end()) return it->second;
  if (auto it = messages.find("default"); it != messages.end()) return it->second;
  return none;
}
}  // namespace

const std::string& Messages::clarify_question(const std::string& slot) const {
  return by_key_or_default(clarify, slot);
}

const std::string& Messages::owner_lead_for(const std::string& relation) const {
  return by_key_or_default(owner_lead, relation);
}

std::string fill(const std::string& text, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t i = 0;
  for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', i)) {
    const size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    auto it = vars.find(text.substr(open + 1, close - open - 1));
    if (it == vars.end()) {  // not a placeholder: the brace stays, and the text after it is read on
      out.append(text, i, open + 1 - i);
      i = open + 1;
      continue;
    }
    out.append(text, i, open - i) += it->second;
    i = close + 1;
  }
  return out.append(text, i, std::string::npos);
}

void to_json(json& j, const Source& s) {
  j = json{{"title", s.title}};
  if (!s.url.empty()) j["url"] = s.url;
  if (!s.date.empty()) j["date"] = s.date;
}
void from_json(const json& j, Source& s) {
  get_opt(j, "title", s.title);
  get_opt(j, "url", s.url);
  get_opt(j, "date", s.date);
}

void to_json(json& j, const Case& c) {
  j = json{{"verdict", c.verdict}, {"answer", c.answer}};
  put(j, "slots", c.when.slots);
  put(j, "any", c.when.any);
  put(j, "none", c.when.none);
  if (c.when.cross_province) j["cross_province"] = true;
  if (c.when.same_province) j["same_province"] = true;
  put(j, "speech", c.speech);
  put(j, "ask", c.ask);
  put(j, "materials", c.materials);
  put(j, "steps", c.steps);
  put(j, "notes", c.notes);
  put(j, "from", c.effective_from);
  put(j, "to", c.effective_to);
  if (c.line) j["line"] = c.line;
}
void from_json(const json& j, Case& c) {
  get_opt(j, "slots", c.when.slots);
  get_opt(j, "any", c.when.any);
  get_opt(j, "none", c.when.none);
  get_opt(j, "cross_province", c.when.cross_province);
  get_opt(j, "same_province", c.when.same_province);
  get_opt(j, "verdict", c.verdict);
  get_opt(j, "answer", c.answer);
  get_opt(j, "speech", c.speech);
  get_opt(j, "ask", c.ask);
  get_opt(j, "materials", c.materials);
  get_opt(j, "steps", c.steps);
  get_opt(j, "notes", c.notes);
  get_opt(j, "from", c.effective_from);
  get_opt(j, "to", c.effective_to);
  get_opt(j, "line", c.line);
}

void to_json(json& j, const Entry& e) {
  j = json{{"id", e.id},           {"topic", e.topic}, {"question", e.question}, {"phrasings", e.phrasings},
           {"sources", e.sources}, {"cases", e.cases}};
  put(j, "from", e.effective_from);
  put(j, "to", e.effective_to);
  put(j, "regions", e.regions);
  put(j, "claims", e.claims);
  put(j, "instead", e.instead);
  put(j, "materials", e.materials);
  put(j, "kind", e.kind);
  put(j, "citation", e.citation);
  put(j, "section", e.section);
  put(j, "file", e.file);
  if (e.line) j["line"] = e.line;
}
void from_json(const json& j, Entry& e) {
  get_opt(j, "id", e.id);
  get_opt(j, "topic", e.topic);
  get_opt(j, "question", e.question);
  get_opt(j, "phrasings", e.phrasings);
  get_opt(j, "sources", e.sources);
  get_opt(j, "from", e.effective_from);
  get_opt(j, "to", e.effective_to);
  get_opt(j, "regions", e.regions);
  get_opt(j, "claims", e.claims);
  get_opt(j, "instead", e.instead);
  get_opt(j, "materials", e.materials);
  get_opt(j, "cases", e.cases);
  get_opt(j, "kind", e.kind);
  get_opt(j, "citation", e.citation);
  get_opt(j, "section", e.section);
  get_opt(j, "file", e.file);
  get_opt(j, "line", e.line);
}

namespace {
json concepts_json(const std::vector<ConceptDef>& concepts) {
  json out = json::array();
  for (const auto& c : concepts)
    out.push_back({{"id", c.id},
                   {"kind", c.kind},
                   {"forms", c.forms},
                   {"weight", c.weight},
                   {"anchor", c.anchor},
                   {"frame", c.frame},
                   {"facet", c.facet},
                   {"self", c.self},
                   {"person", c.person}});
  return out;
}

void concepts_from(const json& j, std::vector<ConceptDef>& out) {
  for (const auto& c : j)
    out.push_back({c.at("id").get<std::string>(), c.at("kind").get<std::string>(),
                   c.at("forms").get<std::vector<std::string>>(), c.value("weight", 1.0), c.value("anchor", false),
                   c.value("frame", false), c.value("facet", false), c.value("self", false), c.value("person", false)});
}
}  // namespace

void to_json(json& j, const LexiconData& l) {
  json relations = json::array();
  for (const auto& r : l.relations) relations.push_back({r.name, r.concept_id, r.forms});
  auto pairs_json = [](const std::vector<LexiconData::Compose>& rules) {
    json out = json::array();
    for (const auto& c : rules) out.push_back({c.first, c.second, c.result, c.if_female, c.if_male});
    return out;
  };
  json requalify = json::array();
  for (const auto& r : l.requalify) requalify.push_back({r.from, r.to, r.words});
  json regions = json::array();
  for (const auto& r : l.regions) regions.push_back({{"name", r.name}, {"shorts", r.shorts}, {"province", r.province}});
  json slots = json::array();
  for (const auto& s : l.value_slots) slots.push_back({s.key, s.asker_only, s.values, s.with_intent});
  const auto& im = l.impersonation;
  const auto& d = l.dialogue;
  j = json{{"concepts", concepts_json(l.concepts)},
           {"kind_factors", l.kind_factors},
           {"relations", relations},
           {"compose", pairs_json(l.compose)},
           {"seen_from_owner", pairs_json(l.seen_from_owner)},
           {"requalify", requalify},
           {"asker_sex", {l.asker_male, l.asker_female}},
           {"regions", regions},
           {"slots", slots},
           {"pronouns", {l.first_person, l.reflexive, l.third_person, l.subject_kept_by}},
           {"impersonation",
            {im.concept_id, im.verbs, im.possessors, im.cards, im.money_after, im.aspect, im.mine, im.persons,
             im.others, im.whose, im.for_whom, im.for_owner_concept, im.stressed, im.qualifiers, im.lend}},
           {"dialogue",
            {d.ends_with, d.starts_with, d.which, d.scam_any, d.scam_none, d.cross_province_concept, d.instead,
             d.implied_subject}},
           {"pinyin", l.pinyin},
           {"intents", l.intents},
           {"reported_speech", l.reported_speech},
           {"speaker_kept_by", l.speaker_kept_by},
           {"question_words", l.question_words},
           {"question_particles", l.question_particles},
           {"asked_where_named", l.asked_where_named},
           {"account_words", l.account_words},
           {"negated_question", {l.negated.openers, l.negated.negations, l.negated.not_negations}}};
}

void from_json(const json& j, LexiconData& l) {
  concepts_from(j.at("concepts"), l.concepts);
  j.at("kind_factors").get_to(l.kind_factors);
  for (const auto& r : j.at("relations")) l.relations.push_back({r.at(0), r.at(1), r.at(2)});
  for (const auto& c : j.at("compose")) l.compose.push_back({c.at(0), c.at(1), c.at(2), c.at(3), c.at(4)});
  for (const auto& c : j.at("seen_from_owner"))
    l.seen_from_owner.push_back({c.at(0), c.at(1), c.at(2), c.at(3), c.at(4)});
  for (const auto& r : j.value("requalify", json::array())) l.requalify.push_back({r.at(0), r.at(1), r.at(2)});
  j.at("asker_sex").at(0).get_to(l.asker_male);
  j.at("asker_sex").at(1).get_to(l.asker_female);
  for (const auto& r : j.at("regions"))
    l.regions.push_back(
        {r.at("name").get<std::string>(), r.at("shorts").get<std::vector<std::string>>(), r.at("province").get<int>()});
  for (const auto& s : j.at("slots"))
    l.value_slots.push_back({s.at(0), s.at(1), s.at(2), s.size() > 3 && s.at(3).get<bool>()});
  const auto& p = j.at("pronouns");
  p.at(0).get_to(l.first_person);
  p.at(1).get_to(l.reflexive);
  p.at(2).get_to(l.third_person);
  p.at(3).get_to(l.subject_kept_by);
  const auto& im = j.at("impersonation");
  l.impersonation = {im.at(0), im.at(1), im.at(2),  im.at(3),  im.at(4),  im.at(5),  im.at(6), im.at(7),
                     im.at(8), im.at(9), im.at(10), im.at(11), im.at(12), im.at(13), im.at(14)};
  const auto& d = j.at("dialogue");
  l.dialogue = {d.at(0), d.at(1), d.at(2), d.at(3), d.at(4), d.at(5), d.at(6), d.at(7)};
  j.at("pinyin").get_to(l.pinyin);
  j.at("intents").get_to(l.intents);
  l.reported_speech = j.value("reported_speech", std::vector<std::string>());
  j.at("speaker_kept_by").get_to(l.speaker_kept_by);
  l.question_words = j.value("question_words", std::vector<std::string>());
  l.question_particles = j.value("question_particles", std::vector<std::string>());
  l.asked_where_named = j.value("asked_where_named", std::vector<std::string>());
  j.at("account_words").get_to(l.account_words);
  if (j.contains("negated_question")) {
    const auto& n = j.at("negated_question");
    l.negated = {n.at(0), n.at(1), n.at(2)};
  }
}

void to_json(json& j, const TopicDef& t) {
  j = json{{"id", t.id},
           {"name", t.name},
           {"procedural", t.procedural},
           {"out_of_scope", t.out_of_scope},
           {"conduct", t.conduct},
           {"about_others", t.about_others},
           {"family", t.family}};
  if (t.passages) j["passages"] = true;
  if (!t.shuns.empty()) j["shuns"] = t.shuns;
  if (t.whether) j["whether"] = true;
}
void from_json(const json& j, TopicDef& t) {
  t = {j.at("id"),
       j.at("name"),
       j.at("procedural"),
       j.at("out_of_scope"),
       j.at("conduct"),
       j.value("about_others", false),
       j.value("family", std::string()),
       j.value("passages", false),
       j.value("shuns", std::vector<std::string>()),
       j.value("whether", false)};
}

namespace {
json headings_json(const Messages::Headings& h) {
  return {h.steps, h.notes, h.suggestions, h.related, h.sources, h.separator};
}
Messages::Headings headings_from(const json& j) { return {j.at(0), j.at(1), j.at(2), j.at(3), j.at(4), j.at(5)}; }
}  // namespace

void to_json(json& j, const Messages& m) {
  const auto& o = m.out_of_scope;
  const auto& w = m.wechat;
  j = json{{"clarify", m.clarify},
           {"owner_lead", m.owner_lead},
           {"violation", {m.violation_forbidden, m.violation_allowed, m.violation_scam, m.violation_not_scam}},
           {"penalty", {m.penalty_forbidden, m.penalty_allowed}},
           {"negated", {m.negated_agree, m.negated_disagree}},
           {"rule_openings", m.rule_openings},
           {"procedural_yes", m.procedural_yes},
           {"yes_openings", m.yes_openings},
           {"materials_heading", m.materials_heading},
           {"also_asked", m.also_asked},
           {"text", headings_json(m.text)},
           {"markdown", headings_json(m.markdown)},
           {"region", {m.region_note, m.region_note_speech, m.region_lead_speech}},
           {"out_of_scope",
            {o.lead, o.named, o.word_separator, o.scope, o.elsewhere, o.office, o.office_in_region, o.greeting}},
           {"wechat", {w.welcome, w.unsupported, w.not_heard, w.too_long, w.sources, w.source_separator}}};
  const auto& x = m.excerpt;
  j["excerpt"] = {x.lead, x.lead_speech, x.citation, x.citation_unnumbered, x.source};
}

void from_json(const json& j, Messages& m) {
  j.at("clarify").get_to(m.clarify);
  j.at("owner_lead").get_to(m.owner_lead);
  const auto& v = j.at("violation");
  m.violation_forbidden = v.at(0), m.violation_allowed = v.at(1), m.violation_scam = v.at(2);
  m.violation_not_scam = v.at(3);
  m.penalty_forbidden = j.at("penalty").at(0), m.penalty_allowed = j.at("penalty").at(1);
  m.negated_agree = j.at("negated").at(0), m.negated_disagree = j.at("negated").at(1);
  j.at("rule_openings").get_to(m.rule_openings);
  j.at("procedural_yes").get_to(m.procedural_yes);
  j.at("yes_openings").get_to(m.yes_openings);
  j.at("materials_heading").get_to(m.materials_heading);
  j.at("also_asked").get_to(m.also_asked);
  m.text = headings_from(j.at("text"));
  m.markdown = headings_from(j.at("markdown"));
  const auto& r = j.at("region");
  m.region_note = r.at(0), m.region_note_speech = r.at(1), m.region_lead_speech = r.at(2);
  const auto& o = j.at("out_of_scope");
  m.out_of_scope = {o.at(0), o.at(1), o.at(2), o.at(3), o.at(4), o.at(5), o.at(6), o.size() > 7 ? o.at(7) : json("")};
  const auto& w = j.at("wechat");
  m.wechat = {w.at(0), w.at(1), w.at(2), w.at(3), w.at(4), w.at(5)};
  if (auto x = j.find("excerpt"); x != j.end()) m.excerpt = {x->at(0), x->at(1), x->at(2), x->at(3), x->at(4)};
}

}  // namespace kb
