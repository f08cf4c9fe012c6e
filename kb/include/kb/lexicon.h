// The runtime lexicon: every surface form of every concept, kinship term, region and slot value in
// one trie, plus a pinyin index of those forms. Built once from LexiconData; immutable afterwards,
// so it is shared by all threads without locking.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kb/knowledge.h"

namespace kb {

enum class TermKind : uint8_t { Domain, Common, Filler, Offtopic, Word };

// What one surface form means. A form may carry several senses at once
// (职工医保 is a concept and the insurance slot value 职工).
struct FormSense {
  int concept_id = -1;                                     // retrieval concept, -1 when none
  int relation = -1;                                       // index into canonical_relations()
  int region = -1;                                         // index into regions()
  std::vector<std::pair<std::string, std::string>> slots;  // slot key → value
};

class Lexicon {
 public:
  explicit Lexicon(LexiconData data);

  // Longest form starting at text[pos]: its length in code points (0 when none) and its index.
  size_t longest_match(std::u32string_view text, size_t pos, int& form) const;
  int find_form(std::u32string_view text) const;  // exact form, -1 when none
  // Every form starting at text[pos], longest first, as (length, form).
  void all_matches(std::u32string_view text, size_t pos, std::vector<std::pair<size_t, int>>& out) const;
  const FormSense& sense(int form) const { return senses_[static_cast<size_t>(form)]; }
  const std::u32string& form_text(int form) const { return forms_[static_cast<size_t>(form)]; }
  size_t form_count() const { return forms_.size(); }

  const std::vector<ConceptDef>& concepts() const { return data_.concepts; }
  TermKind concept_kind(int concept_id) const { return concept_kinds_[static_cast<size_t>(concept_id)]; }
  int find_concept(std::string_view id) const;
  int family_concept() const { return family_concept_; }

  // The best form whose whole toneless pinyin is `key` ("yibao" → 医保), -1 when none.
  // `typo_safe` restricts to forms a homophone typo may be corrected into.
  int form_by_pinyin(const std::string& key, bool typo_safe) const;
  size_t max_pinyin_length() const { return max_pinyin_length_; }

  const std::vector<RegionDef>& regions() const { return data_.regions; }
  int find_region(std::string_view name) const;  // by official or short name, -1 when unknown
  int province_of(int region) const;             // a province is its own province
  const std::string& region_display(int region) const;

  // "X的Y" for two relations: the result, -1 when no rule, kAmbiguous when the phrase can name
  // relatives on either side of a line that matters (孩子他爷爷: my father, or my husband's).
  // `asker` resolves a rule that depends on who is asking (孩子他爷爷 is a woman's father-in-law,
  // a man's father).
  enum class Asker { Unknown, Female, Male };
  int compose(int first_relation, int second_relation, Asker asker = Asker::Unknown) const;
  static constexpr int kAmbiguous = -2;
  static constexpr const char* kAmbiguousRelation = "?";  // how relations.yaml writes kAmbiguous
  static int relation_index(std::string_view canonical);

  const LexiconData& data() const { return data_; }

 private:
  int add_form(const std::string& utf8);
  void index_pinyin();

  LexiconData data_;
  std::vector<std::u32string> forms_;
  std::vector<FormSense> senses_;
  std::vector<TermKind> concept_kinds_;
  std::unordered_map<std::string, int> concept_index_;
  int family_concept_ = -1;
  // Trie as one flat hash map: (node << 21 | code point) → child node. Node 0 is the root.
  std::unordered_map<uint64_t, uint32_t> trie_;
  std::vector<int> node_form_;  // node → form ending there, -1 when none
  std::unordered_map<std::string, int> pinyin_best_, pinyin_typo_;
  size_t max_pinyin_length_ = 0;
  std::unordered_map<std::string, int> region_index_;
  std::vector<std::string> region_display_;
  struct ComposeResult {
    int result, if_asker_female, if_asker_male;  // relation indices; -1 none, kAmbiguous
  };
  std::unordered_map<int, ComposeResult> compose_;  // first * 16 + second → result
};

}  // namespace kb
