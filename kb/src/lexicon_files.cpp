// The parsers of kb/lexicon/*.yaml, one per file, and the checks that need more than one file.
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "kb/normalizer.h"
#include "yaml_reader.h"

namespace kb {
namespace fs = std::filesystem;
namespace {

// Records a problem when a form (normalised) already belongs to another owner.
class FormOwners {
 public:
  // Problems read "<what> '<form>' <verb> <first owner> and <second owner>".
  FormOwners(YamlReader& in, std::string file, const char* what, const char* verb)
      : in_(in), file_(std::move(file)), what_(what), verb_(verb) {}
  void claim(const std::string& form, const std::string& owner, const YAML::Node& where) {
    auto [it, fresh] = owners_.emplace(normalize_utf8(form), owner);
    if (!fresh && it->second != owner)
      in_.problem(file_, where, std::string(what_) + " '" + form + "' " + verb_ + " " + it->second + " and " + owner);
  }

 private:
  YamlReader& in_;
  std::string file_;
  const char *what_, *verb_;
  std::map<std::string, std::string> owners_;
};

void load_concepts(YamlReader& in, const fs::path& path, LexiconData& lex) {
  auto doc = in.parse(path);
  if (!doc) return;
  const std::string file = in.name(path);
  static const std::set<std::string> kinds = {"domain", "common", "filler", "offtopic"};
  FormOwners owners(in, file, "form", "belongs to both");
  for (const auto& c : (*doc)["concepts"]) {
    ConceptDef def{in.text(file, c["id"], "id"), in.text(file, c["kind"], "kind"), in.list(file, c["forms"], "forms")};
    def.weight = in.number(file, c["weight"], "weight", 1.0);
    def.anchor = in.flag(file, c["anchor"], "anchor");
    def.frame = in.flag(file, c["frame"], "frame");
    def.facet = in.flag(file, c["facet"], "facet");
    def.self = in.flag(file, c["self"], "self");
    def.person = in.flag(file, c["person"], "person");
    if (def.weight <= 0 || def.weight > 5) in.problem(file, c, "concept " + def.id + ": weight must be in (0, 5]");
    if (def.id.empty()) in.problem(file, c, "concept without id");
    if (!kinds.count(def.kind))
      in.problem(file, c, "concept " + def.id + ": kind must be domain, common, filler or offtopic");
    for (const auto& f : def.forms) owners.claim(f, def.id, c);
    owners.claim(def.id, def.id, c);
    if (auto py = c["pinyin"]; py && py.IsMap())
      for (const auto& kv : py) lex.pinyin[kv.first.as<std::string>()] = in.list(file, kv.second, "pinyin");
    lex.concepts.push_back(std::move(def));
  }
  for (const char* kind : {"domain", "common", "filler", "offtopic", "word"}) {
    const auto& factor = (*doc)["kind_factors"][kind];
    if (!factor) in.problem(file, (*doc)["kind_factors"], std::string("kind_factors: no factor for ") + kind);
    lex.kind_factors[kind] = in.number(file, factor, "kind factor", 0);
  }
  // Terms of the characters of unknown words: off unless a factor is given (default_lexicon.cpp).
  for (const char* kind : {"char", "bigram"})
    if (const auto& factor = (*doc)["kind_factors"][kind])
      lex.kind_factors[kind] = in.number(file, factor, "kind factor", 0);
  const auto& im = (*doc)["impersonation"];
  lex.impersonation = {in.text(file, im["concept"], "concept"),
                       in.list(file, im["verbs"], "verbs"),
                       in.list(file, im["possessors"], "possessors"),
                       in.list(file, im["cards"], "cards"),
                       in.list(file, im["money_after"], "money_after"),
                       in.list(file, im["aspect"], "aspect"),
                       in.list(file, im["mine"], "mine"),
                       in.list(file, im["persons"], "persons"),
                       in.list(file, im["others"], "others"),
                       in.list(file, im["whose"], "whose"),
                       in.list(file, im["for_whom"], "for_whom"),
                       in.text(file, im["for_owner_concept"], "for_owner_concept"),
                       in.list(file, im["stressed"], "stressed"),
                       in.list(file, im["qualifiers"], "qualifiers"),
                       in.list(file, im["lend"], "lend")};
  if (lex.impersonation.verbs.empty() || lex.impersonation.cards.empty())
    in.problem(file, im, "impersonation needs verbs and cards");
}

// A table of relation pairs (`compose`, `seen_from_owner`): its keys name the two relations and
// whose sex resolves an ambiguous result (`sex`: asker or owner).
void load_relation_pairs(YamlReader& in, const std::string& file, const YAML::Node& rules, const char* table,
                         const char* first_key, const char* second_key, const std::string& sex,
                         const std::vector<RelationDef>& relations, std::vector<LexiconData::Compose>& out) {
  auto known = [&](const std::string& r) {
    return std::any_of(relations.begin(), relations.end(), [&](const RelationDef& d) { return d.name == r; });
  };
  const std::string female = "if_" + sex + "_female", male = "if_" + sex + "_male";
  for (const auto& c : rules) {
    LexiconData::Compose rule{in.text(file, c[first_key], first_key), in.text(file, c[second_key], second_key),
                              in.text(file, c["result"], "result"), in.text(file, c[female], female.c_str()),
                              in.text(file, c[male], male.c_str())};
    const std::string unknown = std::string(table) + ": unknown relation ";
    for (const auto* r : {&rule.first, &rule.second, &rule.result})
      if (!known(*r) && !(r == &rule.result && *r == "?")) in.problem(file, c, unknown + *r);
    for (const auto* r : {&rule.if_female, &rule.if_male})
      if (!r->empty() && !known(*r)) in.problem(file, c, unknown + *r);
    out.push_back(rule);
  }
}

void load_requalify(YamlReader& in, const std::string& file, const YAML::Node& list, LexiconData& lex) {
  auto known = [&](const std::string& name) {
    return std::any_of(lex.relations.begin(), lex.relations.end(),
                       [&](const RelationDef& r) { return r.name == name; });
  };
  for (const auto& n : list) {
    LexiconData::Requalify r{in.list(file, n["from"], "requalify.from"), in.text(file, n["to"], "requalify.to"),
                             in.list(file, n["words"], "requalify.words")};
    for (const auto& name : r.from)
      if (!known(name)) in.problem(file, n, "requalify: unknown relation '" + name + "'");
    if (!known(r.to)) in.problem(file, n, "requalify: unknown relation '" + r.to + "'");
    if (r.words.empty()) in.problem(file, n, "requalify: no words");
    lex.requalify.push_back(std::move(r));
  }
}

void load_relations(YamlReader& in, const fs::path& path, LexiconData& lex) {
  auto doc = in.parse(path);
  if (!doc) return;
  const std::string file = in.name(path);
  const auto& concepts = (*doc)["relation_concepts"];
  const std::string family = in.text(file, concepts["default"], "relation_concepts.default");
  if (family.empty()) in.problem(file, concepts, "relation_concepts needs a default concept");
  FormOwners owners(in, file, "kinship term", "is under both");
  for (const auto& kv : (*doc)["relations"]) {
    RelationDef r{kv.first.as<std::string>(), family, in.list(file, kv.second, "relation forms")};
    if (concepts[r.name]) r.concept_id = in.text(file, concepts[r.name], "relation concept");
    for (const auto& f : r.forms) owners.claim(f, r.name, kv.second);
    lex.relations.push_back(std::move(r));
  }
  if (lex.relations.empty()) in.problem(file, 0, "no relations");
  lex.asker_male = in.list(file, (*doc)["asker_sex"]["male"], "asker_sex.male");
  lex.asker_female = in.list(file, (*doc)["asker_sex"]["female"], "asker_sex.female");
  load_relation_pairs(in, file, (*doc)["compose"], "compose", "first", "second", "asker", lex.relations, lex.compose);
  load_relation_pairs(in, file, (*doc)["seen_from_owner"], "seen_from_owner", "owner", "relative", "owner",
                      lex.relations, lex.seen_from_owner);
  load_requalify(in, file, (*doc)["requalify"], lex);
  lex.account_words = in.list(file, (*doc)["account_words"], "account_words");
  lex.asked_where_named = in.list(file, (*doc)["asked_where_named"], "asked_where_named");
  for (const auto& name : lex.asked_where_named)
    if (std::none_of(lex.relations.begin(), lex.relations.end(), [&](const RelationDef& r) { return r.name == name; }))
      in.problem(file, (*doc)["asked_where_named"], "asked_where_named: unknown relation '" + name + "'");
}

void load_regions(YamlReader& in, const fs::path& path, LexiconData& lex) {
  auto doc = in.parse(path);
  if (!doc) return;
  const std::string file = in.name(path);
  FormOwners owners(in, file, "region name", "used by");
  auto add = [&](const YAML::Node& node, int province) {
    RegionDef r{in.text(file, node["name"], "name"), in.list(file, node["short"], "short"), province};
    for (const auto& a : in.list(file, node["aliases"], "aliases")) r.shorts.push_back(a);
    for (const auto& n : r.shorts) owners.claim(n, r.name, node);
    owners.claim(r.name, r.name, node);
    lex.regions.push_back(std::move(r));
    return static_cast<int>(lex.regions.size()) - 1;
  };
  for (const auto& p : (*doc)["provinces"]) {
    int index = add(p, -1);
    for (const auto& c : p["cities"]) add(c, index);
  }
}

void load_slots(YamlReader& in, const fs::path& path, LexiconData& lex) {
  auto doc = in.parse(path);
  if (!doc) return;
  const std::string file = in.name(path);
  for (const auto& kv : (*doc)["slots"]) {
    ValueSlotDef slot{kv.first.as<std::string>(),
                      in.flag(file, kv.second["asker_only"], "asker_only"),
                      {},
                      in.flag(file, kv.second["with_intent"], "with_intent")};
    if (slot.key == kRelationSlot || slot.key == kRegionSlot || slot.key == kIntentSlot)
      in.problem(file, kv.first, "slot '" + slot.key + "' is built in");
    for (const auto& value : kv.second["values"])
      slot.values.emplace_back(value.first.as<std::string>(), in.list(file, value.second, slot.key.c_str()));
    if (slot.values.empty()) in.problem(file, kv.first, "slot '" + slot.key + "' has no values");
    lex.value_slots.push_back(std::move(slot));
  }
  for (const auto& i : (*doc)["intents"]) {
    auto words = in.list(file, i["words"], "intent words");
    if (words.empty()) in.problem(file, i, "intent '" + in.text(file, i["intent"], "intent") + "' has no words");
    for (auto& w : words) w = normalize_utf8(w);
    lex.intents.emplace_back(in.text(file, i["intent"], "intent"), std::move(words));
  }
  lex.reported_speech = in.list(file, (*doc)["reported_speech"], "reported_speech");
  for (auto& w : lex.reported_speech) w = normalize_utf8(w);
  lex.speaker_kept_by = in.list(file, (*doc)["speaker_kept_by"], "speaker_kept_by");
  lex.question_particles = in.list(file, (*doc)["question_particles"], "question_particles");
  for (auto& w : lex.question_particles) w = normalize_utf8(w);
  lex.question_words = in.list(file, (*doc)["question_words"], "question_words");
  for (auto& w : lex.question_words) w = normalize_utf8(w);
  const auto& negated = (*doc)["negated_question"];
  lex.negated = {in.list(file, negated["openers"], "negated_question.openers"),
                 in.list(file, negated["negations"], "negated_question.negations"),
                 in.list(file, negated["not_negations"], "negated_question.not_negations")};
  for (auto* list : {&lex.negated.openers, &lex.negated.negations, &lex.negated.not_negations})
    for (auto& w : *list) w = normalize_utf8(w);
  const auto& p = (*doc)["pronouns"];
  lex.first_person = in.list(file, p["first_person"], "first_person");
  lex.reflexive = in.list(file, p["reflexive"], "reflexive");
  lex.third_person = in.list(file, p["third_person"], "third_person");
  lex.subject_kept_by = in.list(file, p["subject_kept_by"], "subject_kept_by");
  auto& d = lex.dialogue;
  d.ends_with = in.list(file, (*doc)["followup"]["ends_with"], "ends_with");
  d.starts_with = in.list(file, (*doc)["followup"]["starts_with"], "starts_with");
  d.which = in.list(file, (*doc)["which_words"], "which_words");
  d.scam_any = in.list(file, (*doc)["scam_question"]["any"], "scam_question.any");
  d.scam_none = in.list(file, (*doc)["scam_question"]["none"], "scam_question.none");
  d.cross_province_concept = in.text(file, (*doc)["cross_province_concept"], "cross_province_concept");
  d.instead = in.list(file, (*doc)["followup"]["instead"], "followup.instead");
  for (auto& w : d.instead) w = normalize_utf8(w);
  d.implied_subject = in.text(file, (*doc)["followup"]["implied_subject"], "followup.implied_subject");
}

}  // namespace

void load_topics(YamlReader& in, const fs::path& path, std::vector<TopicDef>& topics) {
  auto doc = in.parse(path);
  if (!doc) return;
  const std::string file = in.name(path);
  static const std::regex id_re("[a-z][a-z0-9_]*");
  std::set<std::string> seen;
  for (const auto& t : (*doc)["topics"]) {
    TopicDef def{in.text(file, t["id"], "id"),
                 in.text(file, t["name"], "name"),
                 in.flag(file, t["procedural"], "procedural"),
                 in.flag(file, t["out_of_scope"], "out_of_scope"),
                 in.flag(file, t["conduct"], "conduct"),
                 in.flag(file, t["about_others"], "about_others"),
                 t["family"] ? in.text(file, t["family"], "family") : std::string(),
                 in.flag(file, t["passages"], "passages"),
                 t["shuns"] ? in.list(file, t["shuns"], "shuns") : std::vector<std::string>(),
                 in.flag(file, t["whether"], "whether")};
    if (!std::regex_match(def.id, id_re)) in.problem(file, t, "topic id must be lowercase letters, digits and '_'");
    if (!seen.insert(def.id).second) in.problem(file, t, "duplicate topic " + def.id);
    topics.push_back(std::move(def));
  }
  if (std::count_if(topics.begin(), topics.end(), [](const TopicDef& t) { return t.out_of_scope; }) != 1)
    in.problem(file, 0, "exactly one topic must be out_of_scope: true");
}

void check_lexicon(YamlReader& in, const fs::path& dir, const KnowledgeBase& kb);

void load_lexicon_files(YamlReader& in, const fs::path& dir, KnowledgeBase& kb) {
  load_concepts(in, dir / "concepts.yaml", kb.lexicon);
  load_relations(in, dir / "relations.yaml", kb.lexicon);
  load_regions(in, dir / "regions.yaml", kb.lexicon);
  load_slots(in, dir / "slots.yaml", kb.lexicon);
  load_topics(in, dir / "topics.yaml", kb.topics);
  load_messages(in, dir / "messages.yaml", kb.messages);
  check_lexicon(in, dir, kb);
}

}  // namespace kb
