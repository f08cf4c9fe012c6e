// kb/lexicon/messages.yaml: the server's own sentences, and the checks that span lexicon files.
#include <algorithm>
#include <regex>
#include <set>

#include "yaml_reader.h"

namespace kb {
namespace fs = std::filesystem;
namespace {

// Reads one message; a missing one, or one with a placeholder the server does not fill, is a problem.
class MessageReader {
 public:
  MessageReader(YamlReader& in, std::string file) : in_(in), file_(std::move(file)) {}

  std::string get(const YAML::Node& node, const std::string& key, std::set<std::string> placeholders = {}) {
    std::string text = in_.text(file_, node[key], key.c_str());
    if (text.empty()) in_.problem(file_, node, "message '" + key + "' is missing");
    static const std::regex placeholder(R"(\{([^{}]*)\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it)
      if (!placeholders.count((*it)[1]))
        in_.problem(file_, node[key], "message '" + key + "': the server fills no {" + std::string((*it)[1]) + "}");
    return text;
  }
  std::vector<std::string> words(const YAML::Node& node, const std::string& key) {
    auto out = in_.list(file_, node[key], key.c_str());
    if (out.empty()) in_.problem(file_, node, "message list '" + key + "' is missing");
    return out;
  }
  Messages::Headings headings(const YAML::Node& node, bool with_sources) {
    Messages::Headings h{get(node, "steps"),
                         get(node, "notes"),
                         get(node, "suggestions"),
                         get(node, "related"),
                         with_sources ? get(node, "sources") : "",
                         get(node, "separator")};
    return h;
  }

 private:
  YamlReader& in_;
  std::string file_;
};

}  // namespace

void load_messages(YamlReader& in, const fs::path& path, Messages& m) {
  auto doc = in.parse(path);
  if (!doc) return;
  MessageReader read(in, in.name(path));
  const YAML::Node& d = *doc;
  for (const auto& kv : d["clarify"])
    m.clarify[kv.first.as<std::string>()] = read.get(d["clarify"], kv.first.as<std::string>());
  if (!m.clarify.count("default")) in.problem(in.name(path), d["clarify"], "clarify needs a default question");
  for (const auto& kv : d["owner_lead"])
    m.owner_lead[kv.first.as<std::string>()] =
        read.get(d["owner_lead"], kv.first.as<std::string>(), {"owner", "relation"});
  if (!m.owner_lead.count("default")) in.problem(in.name(path), d["owner_lead"], "owner_lead needs a default");
  const auto& lead = d["violation_lead"];
  m.violation_forbidden = read.get(lead, "forbidden"), m.violation_allowed = read.get(lead, "allowed");
  m.violation_scam = read.get(lead, "scam"), m.violation_not_scam = read.get(lead, "not_scam");
  const auto& penalty = d["penalty_lead"];
  m.penalty_forbidden = read.get(penalty, "forbidden"), m.penalty_allowed = read.get(penalty, "allowed");
  const auto& negated = d["negated_lead"];
  m.negated_agree = read.get(negated, "agree"), m.negated_disagree = read.get(negated, "disagree");
  m.rule_openings = read.words(d, "rule_openings");
  m.procedural_yes = read.get(d, "procedural_yes");
  m.yes_openings = read.words(d, "yes_openings");
  m.materials_heading = read.get(d, "materials_heading");
  m.also_asked = read.get(d, "also_asked", {"question", "answer"});
  m.text = read.headings(d["text"], false);
  m.markdown = read.headings(d["markdown"], true);
  m.region_note = read.get(d, "region_note", {"region"});
  m.region_note_speech = read.get(d, "region_note_speech", {"region"});
  m.region_lead_speech = read.get(d, "region_lead_speech", {"region"});
  const auto& o = d["out_of_scope"];
  m.out_of_scope = {read.get(o, "lead"),
                    read.get(o, "named", {"words"}),
                    read.get(o, "word_separator"),
                    read.get(o, "scope"),
                    read.get(o, "elsewhere"),
                    read.get(o, "office"),
                    read.get(o, "office_in_region", {"region"}),
                    read.get(o, "greeting")};
  const auto& w = d["wechat"];
  m.wechat = {read.get(w, "welcome"),  read.get(w, "unsupported"), read.get(w, "not_heard"),
              read.get(w, "too_long"), read.get(w, "sources"),     read.get(w, "source_separator")};
  // Needed only with policy articles: the article files report their absence (article_files.cpp).
  if (const auto& x = d["excerpt"]; x)
    m.excerpt = {read.get(x, "lead", {"citation"}), read.get(x, "lead_speech", {"citation"}),
                 read.get(x, "citation", {"title", "number"}), read.get(x, "citation_unnumbered", {"title"}),
                 read.get(x, "source", {"title", "number"})};
}

// What one lexicon file names of another: concepts, slots, relations.
void check_lexicon(YamlReader& in, const fs::path& dir, const KnowledgeBase& kb) {
  const LexiconData& lex = kb.lexicon;
  auto concept_exists = [&](const std::string& id) {
    return std::any_of(lex.concepts.begin(), lex.concepts.end(), [&](const ConceptDef& c) { return c.id == id; });
  };
  const std::string concepts = in.name(dir / "concepts.yaml"), relations = in.name(dir / "relations.yaml");
  if (!concept_exists(lex.impersonation.concept_id))
    in.problem(concepts, 0, "impersonation: unknown concept '" + lex.impersonation.concept_id + "'");
  for (const auto& person : lex.impersonation.persons)
    if (!concept_exists(person)) in.problem(concepts, 0, "impersonation: unknown person concept '" + person + "'");
  for (const auto& r : lex.relations)
    if (!concept_exists(r.concept_id))
      in.problem(relations, 0, "relation_concepts: unknown concept '" + r.concept_id + "'");
  const std::string topics = in.name(dir / "topics.yaml");
  for (const auto& t : kb.topics)
    for (const auto& id : t.shuns)
      if (!concept_exists(id)) in.problem(topics, 0, "topic " + t.id + " shuns unknown concept '" + id + "'");
  const std::string slots = in.name(dir / "slots.yaml");
  if (!lex.dialogue.cross_province_concept.empty() && !concept_exists(lex.dialogue.cross_province_concept))
    in.problem(slots, 0, "cross_province_concept: unknown concept '" + lex.dialogue.cross_province_concept + "'");
  // The answerer asks these questions by name: each must be there.
  for (const char* intent : {"why", "violation", "penalty", "consequence", "materials", "how", "can"})
    if (std::none_of(lex.intents.begin(), lex.intents.end(), [&](const auto& i) { return i.first == intent; }))
      in.problem(slots, 0, std::string("intent '") + intent + "' is missing");
  const std::string messages = in.name(dir / "messages.yaml");
  for (const auto& clarify : kb.messages.clarify) {
    const std::string& slot = clarify.first;  // a named variable: clang 14 cannot capture a structured binding
    bool known =
        slot == "default" || slot == kRelationSlot || slot == kRegionSlot ||
        std::any_of(lex.value_slots.begin(), lex.value_slots.end(), [&](const auto& s) { return s.key == slot; });
    if (!known) in.problem(messages, 0, "clarify: '" + slot + "' is not a slot");
  }
}

}  // namespace kb
