// The runtime lexicon: every surface form of every concept, kinship term, region and slot value in
// one trie, plus a pinyin index of those forms and the word sets the analysis consults. Built once
// from LexiconData; immutable afterwards, so it is shared by all threads without locking.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kb/knowledge.h"
#include "kb/phrase_set.h"

namespace kb {

// Word: a word the lexicon does not know; Char and Bigram: one Han character, or two neighbouring
// ones, of such words (analyzer.h).
enum class TermKind : uint8_t { Domain, Common, Filler, Offtopic, Word, Char, Bigram };

// What one surface form means. A form may carry several senses at once
// (职工医保 is a concept and the insurance slot value 职工).
struct FormSense {
  int concept_id = -1;                                     // retrieval concept, -1 when none
  int relation = -1;                                       // index into relations(), -1 when none
  int region = -1;                                         // index into regions(), -1 when none
  std::vector<std::pair<std::string, std::string>> slots;  // slot key → value
};

// A set of words looked up by their text (pronouns, card words …).
class WordSet {
 public:
  WordSet() = default;
  explicit WordSet(const std::vector<std::string>& words) : words_(words.begin(), words.end()) {}
  bool contains(std::string_view w) const { return words_.count(std::string(w)) > 0; }

 private:
  std::unordered_set<std::string> words_;
};

class Lexicon {
 public:
  explicit Lexicon(LexiconData data);

  // Longest form starting at text[pos]: its length in code points (0 when none) and its index.
  size_t longest_match(std::u32string_view text, size_t pos, int& form) const;
  std::optional<int> find_form(std::u32string_view text) const;  // the exact form
  // Every form starting at text[pos], longest first, as (length, form).
  void all_matches(std::u32string_view text, size_t pos, std::vector<std::pair<size_t, int>>& out) const;
  const FormSense& sense(int form) const { return senses_[static_cast<size_t>(form)]; }
  const std::u32string& form_text(int form) const { return forms_[static_cast<size_t>(form)]; }

  const std::vector<ConceptDef>& concepts() const { return data_.concepts; }
  const ConceptDef& concept_def(int concept_id) const { return data_.concepts[static_cast<size_t>(concept_id)]; }
  TermKind concept_kind(int concept_id) const { return concept_kinds_[static_cast<size_t>(concept_id)]; }
  std::optional<int> find_concept(std::string_view id) const;
  // The concept a token stands for, when it is a lexicon form with one.
  std::optional<int> concept_of_form(int form) const;

  // The best form whose whole toneless pinyin is `key` ("yibao" → 医保).
  // `typo_safe` restricts to forms a homophone typo may be corrected into.
  std::optional<int> form_by_pinyin(const std::string& key, bool typo_safe) const;
  size_t max_pinyin_length() const { return max_pinyin_length_; }

  const std::vector<RegionDef>& regions() const { return data_.regions; }
  std::optional<int> find_region(std::string_view name) const;  // by official or short name
  int province_of(int region) const;                            // a province is its own province
  const std::string& region_display(int region) const;

  // Relations, in the order relations.yaml lists them (the order answers offer them).
  const std::vector<RelationDef>& relations() const { return data_.relations; }
  std::optional<int> relation_index(std::string_view name) const;
  std::vector<std::string> relation_names() const;

  // "X的Y" for two relations: the composed relation, or nothing when no rule covers the pair.
  // `ambiguous` is set when the phrase can name relatives on either side of a line that matters
  // (孩子他爷爷: my father, or my husband's); `asker` resolves a rule that depends on who asks.
  enum class Asker { Unknown, Female, Male };
  struct Composed {
    int relation = -1;
    bool ambiguous = false;
  };
  std::optional<Composed> compose(int first, int second, Asker asker = Asker::Unknown) const;
  // What `relative` (as the asker names them) is to the account's `owner` (relations.yaml
  // seen_from_owner), or nothing when no rule covers the pair; `owner_sex` resolves a rule that
  // depends on it (我爸的医保 / 我妈的医保 给我奶奶).
  std::optional<Composed> seen_from_owner(int owner, int relative, Asker owner_sex) const;
  // The asker's sex shown by a kinship term the asker uses of themselves (孩子他爸, 儿媳妇).
  Asker asker_from(const std::string& term) const;

  const std::vector<ValueSlotDef>& value_slots() const { return data_.value_slots; }
  // Whether the slot says how a question is asked (slots.yaml `with_intent`: lapse, 会清零吗).
  bool asked_with_intent(const std::string& slot_key) const {
    return std::any_of(data_.value_slots.begin(), data_.value_slots.end(),
                       [&](const ValueSlotDef& s) { return s.with_intent && s.key == slot_key; });
  }
  bool is_first_person(std::string_view w) const { return first_person_.contains(w); }
  // Whether a token names an account after its owner: a word of relations.yaml account_words or
  // of an anchor concept ("老公的医保", "我这个账户").
  bool is_account_word(std::string_view text, int form) const;
  bool is_reflexive(std::string_view w) const { return reflexive_.contains(w); }
  bool is_third_person(std::string_view w) const { return third_person_.contains(w); }
  // Whether a clause starting with `clause` has no subject of its own (交的是…).
  bool keeps_subject(std::string_view clause) const;
  const ImpersonationDef& impersonation() const { return data_.impersonation; }
  const WordSet& impersonation_verbs() const { return impersonation_verbs_; }
  const WordSet& impersonation_possessors() const { return impersonation_possessors_; }
  const WordSet& impersonation_cards() const { return impersonation_cards_; }
  const WordSet& impersonation_money_after() const { return impersonation_money_after_; }
  const WordSet& impersonation_aspect() const { return impersonation_aspect_; }
  const WordSet& impersonation_whose() const { return impersonation_whose_; }
  const WordSet& impersonation_for_whom() const { return impersonation_for_whom_; }
  const WordSet& impersonation_stressed() const { return impersonation_stressed_; }
  const WordSet& impersonation_lend() const { return impersonation_lend_; }
  const WordSet& impersonation_qualifiers() const { return impersonation_qualifiers_; }
  const WordSet& impersonation_mine() const { return impersonation_mine_; }
  const WordSet& impersonation_others() const { return impersonation_others_; }
  const DialogueWords& dialogue() const { return data_.dialogue; }
  // What kind of question the (normalised) text asks: the first intent, in slots.yaml's order,
  // with a word in the text; "" when none.
  const std::string& intent_of(std::u32string_view text) const;
  // The relation as the (normalised) text corrects it (relations.yaml `requalify`): 配偶 in
  // "转给我对象吗？我们还没结婚" is 其他. The relation itself when no rule applies.
  const std::string& requalified(const std::string& relation, std::u32string_view text) const;
  // Whether the text holds a word of `intent`, whichever intent comes first ("能取出来吗？要准备啥
  // 材料" asks "materials" and "can").
  bool asks(std::u32string_view text, std::string_view intent) const;
  // The same, counting only words of two characters or more: "可以吗", "行不行", not a bare 吗 or
  // 能 that any question has ("借卡给朋友，这样可以吗？被查到会怎样" asks "can" outright), and only in a
  // clause with a question particle ("药店刷卡可以换米面油，这个违规吗" asks only whether it is a violation).
  bool asks_outright(std::u32string_view text, std::string_view intent) const;
  // Whether the word at `at` is inside a report of what someone said (slots.yaml reported_speech):
  // a reporting word comes before it in its clause.
  bool reported(std::u32string_view text, size_t at) const;
  // Whether the clause around `at` holds a question particle (slots.yaml question_particles).
  bool clause_asks(std::u32string_view text, size_t at) const;
  // Whether the question asks if a negative holds ("是不是不能给岳父用", "是不是年底不清零"): slots.yaml
  // negated_question.
  bool asks_negated(std::u32string_view text) const;
  // Whether a question as an editor wrote it (an entry's, in simplified script: no normalising) asks
  // why ("家庭共济办了，家人为什么还是用不了我的钱？").
  bool written_asks_why(std::string_view question) const;
  // Whether a clause (UTF-8) holds a word that makes it a question (slots.yaml question_words), not
  // after a reporting word.
  bool is_question_clause(std::string_view clause) const;

  const LexiconData& data() const { return data_; }

 private:
  int add_form(const std::string& utf8);
  void add_concepts();
  void add_relations();
  void add_slot_values();
  void add_regions();
  void add_compose();
  void add_intents();
  void add_requalify();
  void index_pinyin();

  LexiconData data_;
  std::vector<std::u32string> forms_;
  std::vector<FormSense> senses_;
  std::vector<TermKind> concept_kinds_;
  std::unordered_map<std::string, int> concept_index_;
  // Trie as one flat hash map: (node << 21 | code point) → child node. Node 0 is the root.
  std::unordered_map<uint64_t, uint32_t> trie_;
  std::vector<int> node_form_;  // node → form ending there, -1 when none
  std::unordered_map<std::string, int> pinyin_best_, pinyin_typo_;
  size_t max_pinyin_length_ = 0;
  std::unordered_map<std::string, int> region_index_;
  std::vector<std::string> region_display_;
  std::unordered_map<std::string, int> relation_index_;
  struct ComposeRule {
    int result;              // a relation, or -1 for ambiguous
    int if_female, if_male;  // -1 when none
  };
  using PairRules = std::unordered_map<uint64_t, ComposeRule>;  // first << 32 | second → rule
  void add_pairs(const std::vector<LexiconData::Compose>& rules, PairRules& out) const;
  static std::optional<Composed> look_up(const PairRules& rules, int first, int second, Asker sex);
  PairRules compose_, seen_from_owner_;
  PhraseSet intent_words_;     // tag: index into data_.intents
  PhraseSet requalify_words_;  // tag: index into data_.requalify
  WordSet first_person_, reflexive_, third_person_, account_words_;
  WordSet impersonation_verbs_, impersonation_possessors_, impersonation_cards_, impersonation_money_after_;
  WordSet impersonation_aspect_, impersonation_mine_, impersonation_others_, impersonation_whose_;
  WordSet impersonation_for_whom_, impersonation_stressed_, impersonation_qualifiers_, impersonation_lend_;
};

}  // namespace kb
