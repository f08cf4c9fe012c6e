#include "kb/knowledge.h"

namespace kb {
using nlohmann::json;

namespace {
template <class T>
void get_opt(const json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) it->get_to(out);
}
}  // namespace

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

// Empty fields are left out: at a million entries the store is mostly entry JSON.
template <class T>
void put(json& j, const char* key, const T& v) {
  if (!v.empty()) j[key] = v;
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
  put(j, "materials", e.materials);
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
  get_opt(j, "materials", e.materials);
  get_opt(j, "cases", e.cases);
  get_opt(j, "file", e.file);
  get_opt(j, "line", e.line);
}

void to_json(json& j, const LexiconData& l) {
  json concepts = json::array();
  for (const auto& c : l.concepts)
    concepts.push_back({{"id", c.id},
                        {"kind", c.kind},
                        {"forms", c.forms},
                        {"weight", c.weight},
                        {"anchor", c.anchor},
                        {"frame", c.frame}});
  json compose = json::array();
  for (const auto& c : l.compose) compose.push_back({c.first, c.second, c.result, c.if_asker_female, c.if_asker_male});
  json regions = json::array();
  for (const auto& r : l.regions) regions.push_back({{"name", r.name}, {"shorts", r.shorts}, {"province", r.province}});
  j = json{{"concepts", concepts},   {"relations", l.relations}, {"compose", compose},  {"regions", regions},
           {"slots", l.slot_values}, {"pinyin", l.pinyin},       {"intents", l.intents}};
}
void from_json(const json& j, LexiconData& l) {
  for (const auto& c : j.at("concepts"))
    l.concepts.push_back({c.at("id").get<std::string>(), c.at("kind").get<std::string>(),
                          c.at("forms").get<std::vector<std::string>>(), c.value("weight", 1.0),
                          c.value("anchor", false), c.value("frame", false)});
  j.at("relations").get_to(l.relations);
  for (const auto& c : j.at("compose"))
    l.compose.push_back({c.at(0).get<std::string>(), c.at(1).get<std::string>(), c.at(2).get<std::string>(),
                         c.size() > 3 ? c.at(3).get<std::string>() : "",
                         c.size() > 4 ? c.at(4).get<std::string>() : ""});
  for (const auto& r : j.at("regions"))
    l.regions.push_back(
        {r.at("name").get<std::string>(), r.at("shorts").get<std::vector<std::string>>(), r.at("province").get<int>()});
  j.at("slots").get_to(l.slot_values);
  j.at("pinyin").get_to(l.pinyin);
  j.at("intents").get_to(l.intents);
}

}  // namespace kb
