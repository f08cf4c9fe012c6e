// The parser of kb/entries/*.yaml: entries, their cases and conditions, and the checks across
// entries (duplicate ids and phrasings).
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "kb/dates.h"
#include "kb/normalizer.h"
#include "kb/render.h"
#include "kb/text.h"
#include "yaml_reader.h"

namespace kb {
namespace fs = std::filesystem;
namespace {

class EntryReader {
 public:
  EntryReader(YamlReader& in, const KnowledgeBase& kb) : in_(in), kb_(kb) {
    for (const auto& r : kb.lexicon.regions) {
      regions_.insert(normalize_utf8(r.name));
      for (const auto& s : r.shorts) regions_.insert(normalize_utf8(s));
    }
  }
  void read_file(const fs::path& path, std::vector<Entry>& out);

 private:
  Entry read_entry(const std::string& file, const YAML::Node& n);
  void read_fields(const std::string& file, const YAML::Node& n, Entry& e);
  Case read_case(const std::string& file, const YAML::Node& n, const std::string& where);
  Condition read_condition(const std::string& file, const YAML::Node& when);
  bool is_slot(const std::string& key) const;
  bool known_value(const std::string& key, const std::string& value) const;
  void check_claims(const std::string& file, const YAML::Node& n, const std::string& where,
                    const std::vector<std::string>& claims);
  void check_template(const std::string& file, int line, const std::string& text, const Condition& when);
  void check_dates(const std::string& file, int line, const std::string& where, const std::string& from,
                   const std::string& to);

  YamlReader& in_;
  const KnowledgeBase& kb_;
  std::set<std::string> regions_;
};

void EntryReader::read_file(const fs::path& path, std::vector<Entry>& out) {
  auto doc = in_.parse(path);
  if (!doc) return;
  const std::string file = in_.name(path);
  if (!doc->IsSequence()) return in_.problem(file, *doc, "an entries file must be a YAML list");
  for (const auto& n : *doc) out.push_back(read_entry(file, n));
}

void EntryReader::read_fields(const std::string& file, const YAML::Node& n, Entry& e) {
  static const std::set<std::string> keys = {"id",      "topic",     "question",       "phrasings",
                                             "sources", "cases",     "effective_from", "effective_to",
                                             "regions", "materials", "claims",         "instead"};
  for (const auto& kv : n)
    if (!keys.count(kv.first.as<std::string>()))
      in_.problem(file, kv.first, "unknown entry field '" + kv.first.as<std::string>() + "'");
  e.id = in_.text(file, n["id"], "id");
  e.topic = in_.text(file, n["topic"], "topic");
  e.question = in_.text(file, n["question"], "question");
  e.phrasings = in_.list(file, n["phrasings"], "phrasings");
  e.effective_from = in_.text(file, n["effective_from"], "effective_from");
  e.effective_to = in_.text(file, n["effective_to"], "effective_to");
  e.regions = in_.list(file, n["regions"], "regions");
  e.claims = in_.list(file, n["claims"], "claims");
  e.instead = in_.text(file, n["instead"], "instead");
  e.materials = in_.text(file, n["materials"], "materials");
  for (const auto& s : n["sources"])
    e.sources.push_back(
        {in_.text(file, s["title"], "title"), in_.text(file, s["url"], "url"), in_.text(file, s["date"], "date")});
}

Entry EntryReader::read_entry(const std::string& file, const YAML::Node& n) {
  static const std::regex id_re("[a-z0-9][a-z0-9-]*");
  Entry e;
  e.file = file;
  e.line = n.Mark().line + 1;
  read_fields(file, n, e);
  const std::string where = "entry " + (e.id.empty() ? std::string("?") : e.id) + ": ";
  if (!std::regex_match(e.id, id_re)) in_.problem(file, e.line, where + "id must be lowercase letters, digits and '-'");
  if (std::none_of(kb_.topics.begin(), kb_.topics.end(), [&](const TopicDef& t) { return t.id == e.topic; }))
    in_.problem(file, e.line, where + "unknown topic '" + e.topic + "'");
  if (e.question.empty()) in_.problem(file, e.line, where + "missing standard question");
  if (e.phrasings.size() < 5)
    in_.problem(file, e.line,
                where + "has " + std::to_string(e.phrasings.size()) + " phrasings; at least 5 are needed");
  check_dates(file, e.line, where, e.effective_from, e.effective_to);
  for (const auto& r : e.regions)
    if (!known_value(kRegionSlot, r)) in_.problem(file, n["regions"], "unknown region value '" + r + "'");
  check_claims(file, n["claims"], where, e.claims);
  if (std::any_of(e.sources.begin(), e.sources.end(), [](const Source& s) { return s.title.empty(); }))
    in_.problem(file, n["sources"], where + "source without title");
  if (e.sources.empty()) in_.problem(file, e.line, where + "has no sources");
  if (!n["cases"] || !n["cases"].IsSequence() || n["cases"].size() == 0) {
    in_.problem(file, e.line, where + "has no cases");
    return e;
  }
  for (const auto& cn : n["cases"]) e.cases.push_back(read_case(file, cn, where));
  if (!e.cases.back().when.empty())
    in_.problem(file, e.cases.back().line, where + "the last case must have no `when`: it is the default answer");
  return e;
}

Case EntryReader::read_case(const std::string& file, const YAML::Node& cn, const std::string& where) {
  static const std::set<std::string> keys = {"when",   "verdict", "answer",         "steps",        "notes",
                                             "speech", "ask",     "effective_from", "effective_to", "materials"};
  static const std::set<std::string> verdicts = {"yes", "no", "conditional", "info", "unknown"};
  Case c;
  c.line = cn.Mark().line + 1;
  for (const auto& kv : cn)
    if (!keys.count(kv.first.as<std::string>()))
      in_.problem(file, kv.first, "unknown case field '" + kv.first.as<std::string>() + "'");
  c.when = read_condition(file, cn["when"]);
  c.verdict = in_.text(file, cn["verdict"], "verdict");
  c.answer = in_.text(file, cn["answer"], "answer");
  c.speech = in_.text(file, cn["speech"], "speech");
  c.ask = in_.text(file, cn["ask"], "ask");
  c.materials = in_.text(file, cn["materials"], "materials");
  c.steps = in_.list(file, cn["steps"], "steps");
  c.notes = in_.list(file, cn["notes"], "notes");
  c.effective_from = in_.text(file, cn["effective_from"], "effective_from");
  c.effective_to = in_.text(file, cn["effective_to"], "effective_to");
  if (!verdicts.count(c.verdict))
    in_.problem(file, c.line, where + "verdict must be yes, no, conditional, info or unknown (quote yes/no)");
  if (c.answer.empty()) in_.problem(file, c.line, where + "case without answer");
  check_dates(file, c.line, where, c.effective_from, c.effective_to);
  if (!c.speech.empty() && utf8_length(c.speech) > kSpeechLimit)
    in_.problem(file, c.line, where + "speech is longer than " + std::to_string(kSpeechLimit) + " characters");
  if (!c.ask.empty() && (!is_slot(c.ask) || c.ask == kIntentSlot))
    in_.problem(file, c.line, where + "ask must name a slot");
  for (const auto* text : {&c.answer, &c.speech}) check_template(file, c.line, *text, c.when);
  for (const auto& s : c.steps) check_template(file, c.line, s, c.when);
  for (const auto& s : c.notes) check_template(file, c.line, s, c.when);
  return c;
}

Condition EntryReader::read_condition(const std::string& file, const YAML::Node& when) {
  Condition c;
  if (!when) return c;
  if (!when.IsMap()) {
    in_.problem(file, when, "`when` must be a mapping");
    return c;
  }
  for (const auto& kv : when) {
    const std::string key = kv.first.as<std::string>();
    if (key == "any" || key == "none") {
      // Literal words (normalised, so traditional input still matches): concept groups are
      // built for retrieval and too broad for a rule (清零's group holds 没花完).
      auto& target = key == "any" ? c.any : c.none;
      for (const auto& w : in_.list(file, kv.second, key.c_str())) target.push_back(normalize_utf8(w));
    } else if (key == "cross_province" || key == "same_province") {
      (key == "cross_province" ? c.cross_province : c.same_province) = in_.flag(file, kv.second, key.c_str());
    } else if (is_slot(key)) {
      auto values = in_.list(file, kv.second, key.c_str());
      for (const auto& v : values)
        if (!known_value(key, v)) in_.problem(file, kv.second, "unknown " + key + " value '" + v + "'");
      c.slots[key] = values;
    } else {
      in_.problem(file, kv.first, "unknown condition '" + key + "'");
    }
  }
  return c;
}

bool EntryReader::is_slot(const std::string& key) const {
  const auto& slots = kb_.lexicon.value_slots;
  return key == kRelationSlot || key == kRegionSlot || key == kIntentSlot ||
         std::any_of(slots.begin(), slots.end(), [&](const ValueSlotDef& s) { return s.key == key; });
}

bool EntryReader::known_value(const std::string& key, const std::string& v) const {
  const LexiconData& lex = kb_.lexicon;
  if (key == kRelationSlot)
    return std::any_of(lex.relations.begin(), lex.relations.end(), [&](const RelationDef& r) { return r.name == v; });
  if (key == kIntentSlot)
    return std::any_of(lex.intents.begin(), lex.intents.end(), [&](const auto& i) { return i.first == v; });
  if (key == kRegionSlot) return regions_.count(normalize_utf8(v)) > 0;
  for (const auto& s : lex.value_slots)
    if (s.key == key)
      return std::any_of(s.values.begin(), s.values.end(), [&](const auto& value) { return value.first == v; });
  return false;
}

// A claim is a concept that names a subject (domain or another domain's words): claiming a
// common or filler word would pull every question to the entry.
void EntryReader::check_claims(const std::string& file, const YAML::Node& n, const std::string& where,
                               const std::vector<std::string>& claims) {
  const auto& concepts = kb_.lexicon.concepts;
  for (const auto& c : claims) {
    auto it = std::find_if(concepts.begin(), concepts.end(), [&](const ConceptDef& d) { return d.id == c; });
    if (it == concepts.end())
      in_.problem(file, n, where + "claims unknown concept '" + c + "'");
    else if (it->kind != "domain" && it->kind != "offtopic")
      in_.problem(file, n, where + "claims '" + c + "', a " + it->kind + " concept; only domain or offtopic ones");
  }
}

void EntryReader::check_template(const std::string& file, int line, const std::string& text, const Condition& when) {
  static const std::regex placeholder(R"(\{([^{}]*)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    if (!is_slot(name) || name == kIntentSlot)
      in_.problem(file, line, "template placeholder {" + name + "} is not a slot");
    else if (!when.slots.count(name))
      in_.problem(file, line, "template placeholder {" + name + "} is not filled: the case's `when` has no " + name);
  }
}

void EntryReader::check_dates(const std::string& file, int line, const std::string& where, const std::string& from,
                              const std::string& to) {
  if ((!from.empty() && !is_iso_date(from)) || (!to.empty() && !is_iso_date(to)))
    in_.problem(file, line, where + "dates must be real dates, YYYY-MM-DD");
}

// Ids and phrasings are unique across the whole knowledge base.
void check_entries(YamlReader& in, const std::vector<Entry>& entries) {
  std::map<std::string, const Entry*> ids, phrasings;
  for (const auto& e : entries) {
    if (auto [it, fresh] = ids.emplace(e.id, &e); !fresh)
      in.problem(
          e.file, e.line,
          "duplicate id " + e.id + " (first at " + it->second->file + ":" + std::to_string(it->second->line) + ")");
    std::set<std::string> own;
    for (const auto& p : e.questions()) {
      std::string key = normalize_utf8(p);
      if (!own.insert(key).second) continue;
      if (auto [it, fresh] = phrasings.emplace(key, &e); !fresh)
        in.problem(e.file, e.line, "phrasing '" + p + "' is under both " + it->second->id + " and " + e.id);
    }
  }
  for (const auto& e : entries)
    if (!e.instead.empty() && (!ids.count(e.instead) || e.instead == e.id))
      in.problem(e.file, e.line, "entry " + e.id + ": instead names no other entry ('" + e.instead + "')");
}

}  // namespace

void load_entry_files(YamlReader& in, const fs::path& dir, KnowledgeBase& kb) {
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto& f : fs::directory_iterator(dir))
      if (f.path().extension() == ".yaml" || f.path().extension() == ".yml") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  // No rules is fine when FAQ sheets or articles bring the entries (load_knowledge_base checks
  // that something does).
  EntryReader reader(in, kb);
  for (const auto& f : files) reader.read_file(f, kb.entries);
  check_entries(in, kb.entries);
}

}  // namespace kb
