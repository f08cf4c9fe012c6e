// The knowledge base as plain data: entries with their rules, and the lexicons. Loaded from the
// YAML files by the indexer (kb_loader.h), stored as JSON in the store, read back by the server.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kb {

inline const std::vector<std::string>& topics() {
  static const std::vector<std::string> all = {"balance_query",
                                               "account_basics",
                                               "family_sharing_eligibility",
                                               "family_sharing_scope",
                                               "family_sharing_binding",
                                               "family_sharing_usage",
                                               "wallet_transfer",
                                               "withdrawal_conditions",
                                               "withdrawal_to_wechat",
                                               "card_misuse",
                                               "out_of_scope"};
  return all;
}

inline const std::vector<std::string>& canonical_relations() {
  static const std::vector<std::string> all = {"配偶",     "父母",   "子女",     "兄弟姐妹",   "祖父母",
                                               "外祖父母", "孙子女", "外孙子女", "配偶的父母", "其他"};
  return all;
}

// Slot keys a rule can test and a template can name.
inline const std::vector<std::string>& slot_keys() {
  static const std::vector<std::string> all = {"relation", "region", "insurance", "channel", "purpose", "intent"};
  return all;
}

struct Source {
  std::string title, url, date;
};

struct Condition {
  std::map<std::string, std::vector<std::string>> slots;  // slot key → accepted values
  std::vector<std::string> any, none;                     // words (already normalised)
  bool cross_province = false;
  bool same_province = false;
  bool empty() const { return slots.empty() && any.empty() && none.empty() && !cross_province && !same_province; }
};

struct Case {
  Condition when;
  std::string verdict, answer, speech, ask, materials;
  std::vector<std::string> steps, notes;
  std::string effective_from, effective_to;  // ISO dates; empty = open
  int line = 0;
};

struct Entry {
  std::string id, topic, question;
  std::vector<std::string> phrasings;
  std::vector<Source> sources;
  std::string effective_from, effective_to;
  std::vector<std::string> regions;
  std::string materials;
  std::vector<Case> cases;
  std::string file;
  int line = 0;
};

struct ConceptDef {
  std::string id;
  std::string kind;  // domain | common | filler | offtopic
  std::vector<std::string> forms;
  double weight = 1.0;  // how strongly the concept marks a topic (共济 > 用)
  bool anchor = false;  // a word of this service's own subject (医保, 个人账户, 共济 …)
  bool frame = false;   // only frames a question (是什么, 多少, 为什么): no subject on its own
};

struct RegionDef {
  std::string name;                 // official name: 兰州市
  std::vector<std::string> shorts;  // 兰州
  int province = -1;                // index of the province entry; -1 for a province itself
};

struct LexiconData {
  std::vector<ConceptDef> concepts;
  std::map<std::string, std::vector<std::string>> relations;  // canonical → forms
  struct Compose {
    std::string first, second, result;
    // When result is ambiguous ("?"): the result when the asker said she is a woman (我是孩子妈)
    // or he is a man (我是孩子他爸). Empty: still ambiguous.
    std::string if_asker_female, if_asker_male;
  };
  std::vector<Compose> compose;
  std::vector<RegionDef> regions;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> slot_values;  // key → value → forms
  std::map<std::string, std::vector<std::string>> pinyin;  // form → readings (override ICU)
  // What kind of question it is, first match wins: why, consequence, materials, how, can.
  std::vector<std::pair<std::string, std::vector<std::string>>> intents;
};

struct KnowledgeBase {
  std::vector<Entry> entries;
  LexiconData lexicon;
};

void to_json(nlohmann::json& j, const Source& s);
void from_json(const nlohmann::json& j, Source& s);
void to_json(nlohmann::json& j, const Case& c);
void from_json(const nlohmann::json& j, Case& c);
void to_json(nlohmann::json& j, const Entry& e);
void from_json(const nlohmann::json& j, Entry& e);
void to_json(nlohmann::json& j, const LexiconData& l);
void from_json(const nlohmann::json& j, LexiconData& l);

}  // namespace kb
