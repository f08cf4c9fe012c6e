#include "kb/kb_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "kb/lexicon.h"
#include "kb/normalizer.h"
#include "kb/text.h"

namespace kb {
namespace fs = std::filesystem;
namespace {

class Loader {
 public:
  explicit Loader(LoadResult& out) : out_(out) {}

  void problem(const std::string& file, const YAML::Node& node, const std::string& message) {
    out_.problems.push_back({file, node.IsDefined() ? node.Mark().line + 1 : 0, message});
  }
  void problem(const std::string& file, int line, const std::string& message) {
    out_.problems.push_back({file, line, message});
  }

  std::string str(const std::string& file, const YAML::Node& n, const char* what) {
    if (!n || n.IsNull()) return "";
    if (!n.IsScalar()) {
      problem(file, n, std::string(what) + " must be text");
      return "";
    }
    return n.as<std::string>();
  }

  std::vector<std::string> list(const std::string& file, const YAML::Node& n, const char* what) {
    std::vector<std::string> out;
    if (!n || n.IsNull()) return out;
    if (n.IsScalar()) return {n.as<std::string>()};
    if (!n.IsSequence()) {
      problem(file, n, std::string(what) + " must be a list");
      return out;
    }
    for (const auto& item : n) out.push_back(str(file, item, what));
    return out;
  }

  std::optional<YAML::Node> parse(const fs::path& path) {
    try {
      return YAML::LoadFile(path.string());
    } catch (const YAML::Exception& e) {
      problem(rel(path), e.mark.line + 1, "YAML error: " + e.msg);
      return std::nullopt;
    }
  }

  std::string rel(const fs::path& p) const { return p.lexically_relative(root_.parent_path()).string(); }

  void load(const std::string& dir) {
    root_ = fs::absolute(dir).lexically_normal();
    if (root_.filename().empty()) root_ = root_.parent_path();
    load_lexicon(root_ / "lexicon");
    lexicon_ = std::make_unique<Lexicon>(out_.kb.lexicon);
    std::vector<fs::path> files;
    if (fs::is_directory(root_ / "entries"))
      for (const auto& f : fs::directory_iterator(root_ / "entries"))
        if (f.path().extension() == ".yaml" || f.path().extension() == ".yml") files.push_back(f.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) problem((root_ / "entries").string(), 0, "no entry files (*.yaml)");
    for (const auto& f : files) load_entries(f);
    check_entries();
  }

 private:
  void load_lexicon(const fs::path& dir) {
    LexiconData& lex = out_.kb.lexicon;
    if (auto doc = parse(dir / "concepts.yaml")) {
      std::string file = rel(dir / "concepts.yaml");
      std::map<std::string, std::string> owner;  // normalised form → concept id
      for (const auto& c : (*doc)["concepts"]) {
        ConceptDef def{str(file, c["id"], "id"), str(file, c["kind"], "kind"), list(file, c["forms"], "forms")};
        if (c["weight"]) def.weight = c["weight"].as<double>(1.0);
        if (c["anchor"]) def.anchor = c["anchor"].as<bool>(false);
        if (c["frame"]) def.frame = c["frame"].as<bool>(false);
        if (def.weight <= 0 || def.weight > 5) problem(file, c, "concept " + def.id + ": weight must be in (0, 5]");
        static const std::set<std::string> kinds = {"domain", "common", "filler", "offtopic"};
        if (def.id.empty()) problem(file, c, "concept without id");
        if (!kinds.count(def.kind))
          problem(file, c, "concept " + def.id + ": kind must be domain, common, filler or offtopic");
        std::vector<std::string> all = def.forms;
        all.push_back(def.id);
        for (const auto& f : all) {
          auto [it, fresh] = owner.emplace(normalize_utf8(f), def.id);
          if (!fresh && it->second != def.id)
            problem(file, c, "form '" + f + "' belongs to both " + it->second + " and " + def.id);
        }
        if (auto py = c["pinyin"]; py && py.IsMap())
          for (const auto& kv : py) lex.pinyin[kv.first.as<std::string>()] = list(file, kv.second, "pinyin");
        lex.concepts.push_back(std::move(def));
      }
    }
    if (auto doc = parse(dir / "relations.yaml")) {
      std::string file = rel(dir / "relations.yaml");
      std::map<std::string, std::string> owner;
      for (const auto& kv : (*doc)["relations"]) {
        std::string canonical = kv.first.as<std::string>();
        if (Lexicon::relation_index(canonical) < 0) problem(file, kv.first, "unknown canonical relation " + canonical);
        auto forms = list(file, kv.second, "relation forms");
        for (const auto& f : forms) {
          auto [it, fresh] = owner.emplace(normalize_utf8(f), canonical);
          if (!fresh && it->second != canonical)
            problem(file, kv.second, "kinship term '" + f + "' is under both " + it->second + " and " + canonical);
        }
        lex.relations[canonical] = forms;
      }
      for (const auto& c : (*doc)["compose"]) {
        LexiconData::Compose rule{str(file, c["first"], "first"), str(file, c["second"], "second"),
                                  str(file, c["result"], "result"), "", ""};
        if (c["if_asker_female"]) rule.if_asker_female = str(file, c["if_asker_female"], "if_asker_female");
        if (c["if_asker_male"]) rule.if_asker_male = str(file, c["if_asker_male"], "if_asker_male");
        for (const auto* r : {&rule.first, &rule.second, &rule.result})
          if (Lexicon::relation_index(*r) < 0 && !(r == &rule.result && *r == Lexicon::kAmbiguousRelation))
            problem(file, c, "compose: unknown relation " + *r);
        for (const auto* r : {&rule.if_asker_female, &rule.if_asker_male})
          if (!r->empty() && Lexicon::relation_index(*r) < 0) problem(file, c, "compose: unknown relation " + *r);
        lex.compose.push_back(rule);
      }
    }
    if (auto doc = parse(dir / "regions.yaml")) {
      std::string file = rel(dir / "regions.yaml");
      std::map<std::string, std::string> owner;
      auto add = [&](const YAML::Node& node, int province) {
        RegionDef r{str(file, node["name"], "name"), list(file, node["short"], "short"), province};
        auto names = r.shorts;
        names.push_back(r.name);
        for (const auto& a : list(file, node["aliases"], "aliases")) {
          r.shorts.push_back(a);
          names.push_back(a);
        }
        for (const auto& n : names) {
          auto [it, fresh] = owner.emplace(normalize_utf8(n), r.name);
          if (!fresh && it->second != r.name)
            problem(file, node, "region name '" + n + "' used by " + it->second + " and " + r.name);
        }
        lex.regions.push_back(std::move(r));
        return static_cast<int>(lex.regions.size()) - 1;
      };
      for (const auto& p : (*doc)["provinces"]) {
        int index = add(p, -1);
        for (const auto& c : p["cities"]) add(c, index);
      }
    }
    if (auto doc = parse(dir / "slots.yaml")) {
      std::string file = rel(dir / "slots.yaml");
      for (const auto& key : {"insurance", "channel", "purpose"}) {
        for (const auto& kv : (*doc)[key])
          lex.slot_values[key][kv.first.as<std::string>()] = list(file, kv.second, key);
      }
      static const std::vector<std::string> intent_order = {"why",       "violation", "consequence",
                                                            "materials", "how",       "can"};
      for (const auto& name : intent_order) {
        auto words = list(file, (*doc)["intent"][name], "intent");
        if (words.empty()) problem(file, (*doc)["intent"], "intent '" + name + "' has no words");
        for (auto& w : words) w = normalize_utf8(w);
        lex.intents.emplace_back(name, words);
      }
    }
  }

  Condition condition(const std::string& file, const YAML::Node& when) {
    Condition c;
    if (!when) return c;
    if (!when.IsMap()) {
      problem(file, when, "`when` must be a mapping");
      return c;
    }
    for (const auto& kv : when) {
      std::string key = kv.first.as<std::string>();
      if (key == "any" || key == "none") {
        // Literal words (normalised, so traditional input still matches): concept groups are
        // built for retrieval and too broad for a rule (清零's group holds 没花完).
        auto& target = key == "any" ? c.any : c.none;
        for (const auto& w : list(file, kv.second, key.c_str())) target.push_back(normalize_utf8(w));
      } else if (key == "cross_province") {
        c.cross_province = kv.second.as<bool>(false);
      } else if (key == "same_province") {
        c.same_province = kv.second.as<bool>(false);
      } else if (std::find(slot_keys().begin(), slot_keys().end(), key) != slot_keys().end()) {
        auto values = list(file, kv.second, key.c_str());
        for (const auto& v : values) check_slot_value(file, kv.second, key, v);
        c.slots[key] = values;
      } else {
        problem(file, kv.first, "unknown condition '" + key + "'");
      }
    }
    return c;
  }

  void check_slot_value(const std::string& file, const YAML::Node& node, const std::string& key, const std::string& v) {
    const auto& lex = out_.kb.lexicon;
    bool ok = true;
    if (key == "relation")
      ok = Lexicon::relation_index(v) >= 0;
    else if (key == "intent")
      ok = std::any_of(lex.intents.begin(), lex.intents.end(), [&](const auto& i) { return i.first == v; });
    else if (key == "region")
      ok = lexicon_->find_region(v) >= 0;
    else if (auto it = lex.slot_values.find(key); it != lex.slot_values.end())
      ok = it->second.count(v) > 0;
    if (!ok) problem(file, node, "unknown " + key + " value '" + v + "'");
  }

  static bool valid_date(const std::string& d) {
    static const std::regex re(R"(\d{4}-\d{2}-\d{2})");
    return d.empty() || std::regex_match(d, re);
  }

  void check_template(const std::string& file, int line, const std::string& text, const Condition& when) {
    static const std::regex placeholder(R"(\{([^{}]*)\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
      std::string name = (*it)[1];
      bool known = std::find(slot_keys().begin(), slot_keys().end(), name) != slot_keys().end();
      if (!known)
        problem(file, line, "template placeholder {" + name + "} is not a slot");
      else if (!when.slots.count(name))
        problem(file, line, "template placeholder {" + name + "} is not filled: the case's `when` has no " + name);
    }
  }

  void load_entries(const fs::path& path) {
    auto doc = parse(path);
    if (!doc) return;
    std::string file = rel(path);
    if (!doc->IsSequence()) {
      problem(file, *doc, "an entries file must be a YAML list");
      return;
    }
    static const std::set<std::string> entry_keys = {"id",      "topic",    "question",       "phrasings",
                                                     "sources", "cases",    "effective_from", "effective_to",
                                                     "regions", "materials"};
    static const std::set<std::string> case_keys = {"when",   "verdict", "answer",         "steps",        "notes",
                                                    "speech", "ask",     "effective_from", "effective_to", "materials"};
    static const std::set<std::string> verdicts = {"yes", "no", "conditional", "info", "unknown"};
    static const std::regex id_re("[a-z0-9][a-z0-9-]*");
    for (const auto& n : *doc) {
      Entry e;
      e.file = file;
      e.line = n.Mark().line + 1;
      for (const auto& kv : n)
        if (!entry_keys.count(kv.first.as<std::string>()))
          problem(file, kv.first, "unknown entry field '" + kv.first.as<std::string>() + "'");
      e.id = str(file, n["id"], "id");
      e.topic = str(file, n["topic"], "topic");
      e.question = str(file, n["question"], "question");
      e.phrasings = list(file, n["phrasings"], "phrasings");
      e.effective_from = str(file, n["effective_from"], "effective_from");
      e.effective_to = str(file, n["effective_to"], "effective_to");
      e.regions = list(file, n["regions"], "regions");
      e.materials = str(file, n["materials"], "materials");
      std::string where = "entry " + (e.id.empty() ? std::string("?") : e.id) + ": ";
      if (!std::regex_match(e.id, id_re)) problem(file, e.line, where + "id must be lowercase letters, digits and '-'");
      if (std::find(topics().begin(), topics().end(), e.topic) == topics().end())
        problem(file, e.line, where + "unknown topic '" + e.topic + "'");
      if (e.question.empty()) problem(file, e.line, where + "missing standard question");
      if (e.phrasings.size() < 5)
        problem(file, e.line,
                where + "has " + std::to_string(e.phrasings.size()) + " phrasings; at least 5 are needed");
      if (!valid_date(e.effective_from) || !valid_date(e.effective_to))
        problem(file, e.line, where + "dates must be YYYY-MM-DD");
      for (const auto& r : e.regions) check_slot_value(file, n["regions"], "region", r);
      for (const auto& s : n["sources"]) {
        Source src{str(file, s["title"], "title"), str(file, s["url"], "url"), str(file, s["date"], "date")};
        if (src.title.empty()) problem(file, s, where + "source without title");
        e.sources.push_back(src);
      }
      if (e.sources.empty()) problem(file, e.line, where + "has no sources");
      if (!n["cases"] || !n["cases"].IsSequence() || n["cases"].size() == 0) {
        problem(file, e.line, where + "has no cases");
      } else {
        for (const auto& cn : n["cases"]) {
          Case c;
          c.line = cn.Mark().line + 1;
          for (const auto& kv : cn)
            if (!case_keys.count(kv.first.as<std::string>()))
              problem(file, kv.first, "unknown case field '" + kv.first.as<std::string>() + "'");
          c.when = condition(file, cn["when"]);
          c.verdict = str(file, cn["verdict"], "verdict");
          c.answer = str(file, cn["answer"], "answer");
          c.speech = str(file, cn["speech"], "speech");
          c.ask = str(file, cn["ask"], "ask");
          c.materials = str(file, cn["materials"], "materials");
          c.steps = list(file, cn["steps"], "steps");
          c.notes = list(file, cn["notes"], "notes");
          c.effective_from = str(file, cn["effective_from"], "effective_from");
          c.effective_to = str(file, cn["effective_to"], "effective_to");
          if (!verdicts.count(c.verdict))
            problem(file, c.line, where + "verdict must be yes, no, conditional, info or unknown (quote yes/no)");
          if (c.answer.empty()) problem(file, c.line, where + "case without answer");
          if (!valid_date(c.effective_from) || !valid_date(c.effective_to))
            problem(file, c.line, where + "dates must be YYYY-MM-DD");
          if (!c.speech.empty() && utf8_length(c.speech) > 160)
            problem(file, c.line, where + "speech is longer than 160 characters");
          if (!c.ask.empty() && std::find(slot_keys().begin(), slot_keys().end(), c.ask) == slot_keys().end())
            problem(file, c.line, where + "ask must name a slot");
          for (const auto* text : {&c.answer, &c.speech}) check_template(file, c.line, *text, c.when);
          for (const auto& s : c.steps) check_template(file, c.line, s, c.when);
          for (const auto& s : c.notes) check_template(file, c.line, s, c.when);
          e.cases.push_back(std::move(c));
        }
        if (!e.cases.back().when.empty())
          problem(file, e.cases.back().line, where + "the last case must have no `when`: it is the default answer");
      }
      out_.kb.entries.push_back(std::move(e));
    }
  }

  void check_entries() {
    std::map<std::string, const Entry*> ids;
    std::map<std::string, const Entry*> phrasings;
    for (const auto& e : out_.kb.entries) {
      if (auto [it, fresh] = ids.emplace(e.id, &e); !fresh)
        problem(
            e.file, e.line,
            "duplicate id " + e.id + " (first at " + it->second->file + ":" + std::to_string(it->second->line) + ")");
      std::vector<std::string> all{e.question};
      all.insert(all.end(), e.phrasings.begin(), e.phrasings.end());
      std::set<std::string> own;
      for (const auto& p : all) {
        std::string key = normalize_utf8(p);
        if (!own.insert(key).second) continue;
        if (auto [it, fresh] = phrasings.emplace(key, &e); !fresh)
          problem(e.file, e.line, "phrasing '" + p + "' is under both " + it->second->id + " and " + e.id);
      }
    }
  }

  LoadResult& out_;
  fs::path root_;
  std::unique_ptr<Lexicon> lexicon_;
};

}  // namespace

LoadResult load_knowledge_base(const std::string& dir) {
  LoadResult out;
  Loader(out).load(dir);
  return out;
}

}  // namespace kb
