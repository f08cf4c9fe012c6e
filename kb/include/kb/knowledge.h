// The knowledge base as plain data: entries with their rules, the lexicons, the topic taxonomy and
// the server's own wording. Loaded from the YAML files by the indexer (kb_loader.h), stored as JSON
// in the store, read back by the server. Nothing here is wording or a word list in code: everything
// an editor may change arrives through these structures.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kb {

// The slots every question may fill, whatever slots.yaml defines besides.
inline constexpr const char* kRelationSlot = "relation";
inline constexpr const char* kRegionSlot = "region";
inline constexpr const char* kIntentSlot = "intent";

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

// What an entry is, which decides how it may answer: a rule (kb/entries/*.yaml: verdicts, slots,
// cases), an FAQ row (kb/faq/: one answer, retrieval only, verdict info) or a passage of a policy
// article (kb/articles/: an excerpt with its citation, only when nothing else matches well).
inline constexpr const char* kRuleEntry = "";
inline constexpr const char* kFaqEntry = "faq";
inline constexpr const char* kPassageEntry = "passage";

struct Entry {
  std::string id, topic, question;
  std::string kind = kRuleEntry;  // kRuleEntry, kFaqEntry or kPassageEntry
  std::vector<std::string> phrasings;
  std::vector<Source> sources;
  std::string effective_from, effective_to;
  std::vector<std::string> regions;
  // Concepts this entry answers whenever a question names them (冒名: impersonation), whatever
  // else the question shares with other entries: it outranks entries that do not claim them.
  std::vector<std::string> claims;
  // The entry that says what to do instead ("那正规途径是什么" after lending a card: how to bind
  // family sharing); empty when there is nothing to point to.
  std::string instead;
  std::string materials;
  std::vector<Case> cases;
  std::string file;
  int line = 0;
  // A passage's place in its article: the citation an excerpt's lead names (《title》（number）,
  // messages.yaml `excerpt`) and its headings under the title (第四章 › 第四十一条).
  std::string citation, section;
  // Every text the entry can be found by: the standard question, then its phrasings.
  std::vector<std::string> questions() const;
  // Every case's answer, in order, joined by `separator`.
  std::string answers(const std::string& separator) const;
};

struct ConceptDef {
  std::string id;
  std::string kind;  // domain | common | filler | offtopic
  std::vector<std::string> forms;
  double weight = 1.0;  // how strongly the concept marks a topic (共济 > 用)
  bool anchor = false;  // a word of this service's own subject (医保, 个人账户, 共济 …)
  bool frame = false;   // only frames a question (是什么, 多少, 为什么): no subject on its own
  bool facet = false;   // asks for an aspect of the same answer (家人, 材料): a follow-up may state it alone
  bool self = false;    // the asker as the subject (自己, 本人)
  bool person = false;  // names or implies another person (家人, 别人, 共济); kinship: the relation slot
};

struct RegionDef {
  std::string name;                 // official name: 兰州市
  std::vector<std::string> shorts;  // 兰州
  int province = -1;                // index of the province entry; -1 for a province itself
};

struct RelationDef {
  std::string name;                // canonical: 配偶, 父母 … 其他
  std::string concept_id;          // the retrieval concept its terms count as (家人, 外人)
  std::vector<std::string> forms;  // kinship terms
};

struct ValueSlotDef {
  std::string key;          // insurance, channel, purpose …
  bool asker_only = false;  // a relative's (我爸妈交的居民医保) is not it
  std::vector<std::pair<std::string, std::vector<std::string>>> values;  // value → forms, in file order
  // How the question is asked (清零: whether it lapses): a follow-up keeps it only with the intent,
  // when the reply asks nothing of its own ("我要是退休了呢", not "退休了还会往里打钱吗").
  bool with_intent = false;
};

// Patterns that read a card or code used by someone other than its owner as one concept (冒名):
// the asker with a relative's card (verb, optional possessor, a kinship term, optional link, a
// card word), or another person with the asker's card (a kinship term or person word earlier in
// the clause, then verb, optional aspect particle, the asker's possessive, a card word) — unless
// a money word follows the card (the money on it).
struct ImpersonationDef {
  std::string concept_id;
  std::vector<std::string> verbs, possessors, cards, money_after;
  std::vector<std::string> aspect, mine, persons;
  std::vector<std::string> others;      // words for another person that are no concept (他, 她)
  std::vector<std::string> whose;       // ask whose card it is (刷谁的卡): never an owner
  std::vector<std::string> for_whom;    // 给, 替, 帮: the card's owner after one is its patient, not a victim
  std::string for_owner_concept;        // marks buying with the owner's card for the owner (代买)
  std::vector<std::string> stressed;    // 本人, 自己 after an owner: "她本人的卡" is her own card
  std::vector<std::string> qualifiers;  // a word between 的 and the card ("我的职工医保卡")
  std::vector<std::string> lend;        // 借给: a card lent to a person is used by them, no verb needed
};

// Words that make a reply elliptical (a follow-up), and the question words that ask which/how many.
struct DialogueWords {
  std::vector<std::string> ends_with, starts_with;
  std::vector<std::string> which;
  std::vector<std::string> scam_any, scam_none;  // a violation question that asks about a scam
  std::string cross_province_concept;            // what two places in two provinces imply (异地)
  std::vector<std::string> instead;              // a reply asking what to do instead (正规途径)
  std::string implied_subject;                   // who a reply about relatives that names nobody is about
};

struct LexiconData {
  std::vector<ConceptDef> concepts;
  // How much a term of each kind counts (domain, common, filler, offtopic, word: a word the
  // lexicon does not know). Part of the index: the store's term weights are built with them.
  std::map<std::string, double> kind_factors;
  std::vector<RelationDef> relations;  // canonical relations in the order answers offer them
  struct Compose {
    std::string first, second, result;
    // When result is ambiguous ("?"): the result when the person whose sex decides is a woman or a
    // man (in `compose` the asker: 我是孩子妈; in `seen_from_owner` the owner: 我妈的医保). Empty:
    // still ambiguous.
    std::string if_female, if_male;
  };
  std::vector<Compose> compose;
  // A relative as the account's owner sees them (first: the owner, second: the relative, both as
  // the asker names them): "老公的医保能给公公用吗" asks about the owner's father.
  std::vector<Compose> seen_from_owner;
  // Words that name an account after its owner ("老公的医保", "我自己的医保钱"), besides the
  // service's anchor concepts.
  std::vector<std::string> account_words;
  // A relation the question itself corrects: "转给我对象…我们还没结婚" names no spouse (yet).
  struct Requalify {
    std::vector<std::string> from;  // relations it applies to
    std::string to;                 // the relation they become
    std::vector<std::string> words;
  };
  std::vector<Requalify> requalify;
  std::vector<std::string> asker_male, asker_female;  // morphemes that show the asker's sex (婿, 妈 …)
  std::vector<RegionDef> regions;
  std::vector<ValueSlotDef> value_slots;
  std::vector<std::string> first_person, reflexive, third_person;  // pronouns
  // A clause that starts with one of these has no subject of its own: it keeps the previous one.
  std::vector<std::string> subject_kept_by;
  ImpersonationDef impersonation;
  DialogueWords dialogue;
  std::map<std::string, std::vector<std::string>> pinyin;  // form → readings (override ICU)
  // What kind of question it is, first match wins: why, violation, consequence, materials, how, can.
  std::vector<std::pair<std::string, std::vector<std::string>>> intents;
  // Words that report what someone else said: a question word after one in the same clause is the
  // report's ("药店说医保卡可以刷卡换米面油，这样算违规吗" asks only whether it is a violation).
  std::vector<std::string> reported_speech;
  // What keeps a relative who says something in the question (their wish: 想, 要 …).
  std::vector<std::string> speaker_kept_by;
  // Words that make a clause a question: of several relatives, the one asked about is in one.
  std::vector<std::string> question_words;
  // A yes/no word asks only in a clause holding one of these (吗, 不 of 能不能 …).
  std::vector<std::string> question_particles;
  // Relations (names) that decide a question naming them in a clause that asks, even after another.
  std::vector<std::string> asked_where_named;
  // "是不是不能…": an opener, then a negation in its clause that is none of `not_negations`.
  struct NegatedQuestion {
    std::vector<std::string> openers, negations, not_negations;
  } negated;
};

struct TopicDef {
  std::string id, name;
  bool procedural = false;
  bool out_of_scope = false;
  // Its yes/no rules say whether a conduct is allowed (借卡, 套现): "会被罚吗" about it is answered
  // with the rule's verdict turned round.
  bool conduct = false;
  // Its entries are about relatives or others: a question that names nobody else ("我自己能刷卡买药吗",
  // "个人账户能买护肤品吗") ranks them lower (scoring.nobody_else_penalty).
  bool about_others = false;
  // Topics of one family (家庭共济's four, withdrawal and its scams): a follow-up may move between
  // them ("那正规途径是什么" after a WeChat cash-out question). Empty: a family of its own.
  std::string family;
  // Its entries are passages of policy articles (kb/articles/): answered only as an excerpt, when
  // no rule or FAQ entry matches well. Articles go to the first topic with this flag.
  bool passages = false;
  // Concepts (concepts.yaml ids) that make this topic an unlikely reading: "把共济的钱取出来给老人当生活费"
  // names 提取, so it asks about cashing out, not about who may share (scoring.shun_penalty).
  std::vector<std::string> shuns;
  // Its rules answer whether (谁能用我的钱): a question that asks only how or with what ("给我妈绑要怎么弄"),
  // with no word asking yes or no, ranks them lower (scoring.how_only_penalty).
  bool whether = false;
};

// The server's own sentences (kb/lexicon/messages.yaml). Templates hold {placeholders}.
struct Messages {
  std::map<std::string, std::string> clarify;  // slot → question; "default" otherwise
  std::string violation_forbidden, violation_allowed, violation_scam, violation_not_scam;
  std::string penalty_forbidden, penalty_allowed;  // leads of "会被罚吗" about a conduct
  std::string negated_agree, negated_disagree;     // leads of "是不是不能…": the rule says no / yes
  // After the opening, when the relative was re-read as the account owner's (slots.h `owner`):
  // relation → sentence with {owner} and {relation}; "default" for the rest.
  std::map<std::string, std::string> owner_lead;
  std::vector<std::string> rule_openings;
  std::string procedural_yes;
  std::vector<std::string> yes_openings;
  std::string materials_heading;
  // A second question in its own sentence about another entry: {question} (the asker's words) and
  // {answer} (that entry's first sentences), after the answer to the whole.
  std::string also_asked;
  struct Headings {
    std::string steps, notes, suggestions, related, sources, separator;
  };
  Headings text, markdown;
  std::string region_note, region_note_speech, region_lead_speech;
  struct OutOfScope {
    std::string lead, named, word_separator, scope, elsewhere, office, office_in_region;
    std::string greeting;  // the answer to a question of nothing but greetings and thanks (你好, 在吗)
  };
  OutOfScope out_of_scope;
  struct WeChat {
    std::string welcome, unsupported, not_heard, too_long, sources, source_separator;
  };
  WeChat wechat;
  // An excerpt of a policy article: its lead ({citation}: `citation` with the article's {title}
  // and {number}, or `citation_unnumbered`), and its source's title ({title}, {number}).
  struct Excerpt {
    std::string lead, lead_speech, citation, citation_unnumbered, source;
  };
  Excerpt excerpt;
  const std::string& clarify_question(const std::string& slot) const;
  const std::string& owner_lead_for(const std::string& relation) const;
};

struct KnowledgeBase {
  std::vector<Entry> entries;
  LexiconData lexicon;
  std::vector<TopicDef> topics;
  Messages messages;
};

// Replaces each {name} in `text` by vars[name]; an unknown placeholder is left as it is.
std::string fill(const std::string& text, const std::map<std::string, std::string>& vars);

void to_json(nlohmann::json& j, const Source& s);
void from_json(const nlohmann::json& j, Source& s);
void to_json(nlohmann::json& j, const Case& c);
void from_json(const nlohmann::json& j, Case& c);
void to_json(nlohmann::json& j, const Entry& e);
void from_json(const nlohmann::json& j, Entry& e);
void to_json(nlohmann::json& j, const LexiconData& l);
void from_json(const nlohmann::json& j, LexiconData& l);
void to_json(nlohmann::json& j, const TopicDef& t);
void from_json(const nlohmann::json& j, TopicDef& t);
void to_json(nlohmann::json& j, const Messages& m);
void from_json(const nlohmann::json& j, Messages& m);

}  // namespace kb
