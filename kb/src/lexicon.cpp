#include "kb/lexicon.h"

#include <algorithm>

#include "kb/normalizer.h"
#include "kb/text.h"

namespace kb {
namespace {

TermKind kind_of(const std::string& k) {
  if (k == "common") return TermKind::Common;
  if (k == "filler") return TermKind::Filler;
  if (k == "offtopic") return TermKind::Offtopic;
  return TermKind::Domain;
}

// Which sense wins a pinyin key shared by several forms: the more specific, the better.
int pinyin_priority(const FormSense& s, const std::vector<TermKind>& kinds) {
  if (s.concept_id >= 0) {
    switch (kinds[static_cast<size_t>(s.concept_id)]) {
      case TermKind::Domain:
        return 6;
      case TermKind::Offtopic:
        return 4;
      case TermKind::Common:
        return 3;
      case TermKind::Filler:
        return 1;
      case TermKind::Word:
        return 0;
    }
  }
  if (s.relation >= 0) return 5;
  if (s.region >= 0) return 2;
  return 2;
}

}  // namespace

int Lexicon::relation_index(std::string_view canonical) {
  const auto& all = canonical_relations();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i] == canonical) return static_cast<int>(i);
  return -1;
}

Lexicon::Lexicon(LexiconData data) : data_(std::move(data)) {
  node_form_.push_back(-1);
  // Slot values become concepts of their own so that "微信" also counts as a retrieval term.
  for (const auto& [key, values] : data_.slot_values)
    for (const auto& [value, forms] : values)
      if (std::none_of(data_.concepts.begin(), data_.concepts.end(),
                       [&](const ConceptDef& c) { return c.id == value; }))
        data_.concepts.push_back({value, "domain", {}});
  if (std::none_of(data_.concepts.begin(), data_.concepts.end(), [](const ConceptDef& c) { return c.id == "家人"; }))
    data_.concepts.push_back({"家人", "domain", {}});

  for (size_t i = 0; i < data_.concepts.size(); ++i) {
    concept_index_.emplace(data_.concepts[i].id, static_cast<int>(i));
    concept_kinds_.push_back(kind_of(data_.concepts[i].kind));
  }
  family_concept_ = find_concept("家人");

  for (size_t i = 0; i < data_.concepts.size(); ++i) {
    for (const auto& f : data_.concepts[i].forms) {
      int form = add_form(f);
      if (form >= 0 && senses_[static_cast<size_t>(form)].concept_id < 0)
        senses_[static_cast<size_t>(form)].concept_id = static_cast<int>(i);
    }
    // The concept's own name is always one of its forms.
    int form = add_form(data_.concepts[i].id);
    if (form >= 0 && senses_[static_cast<size_t>(form)].concept_id < 0)
      senses_[static_cast<size_t>(form)].concept_id = static_cast<int>(i);
  }
  // Near relatives share the retrieval concept 家人; everyone else (朋友, 同事, 外甥) is 外人.
  const int outsider_concept = find_concept("外人") >= 0 ? find_concept("外人") : family_concept_;
  for (const auto& [canonical, forms] : data_.relations) {
    int rel = relation_index(canonical);
    int rel_concept = canonical == "其他" ? outsider_concept : family_concept_;
    for (const auto& f : forms) {
      int form = add_form(f);
      if (form < 0) continue;
      auto& s = senses_[static_cast<size_t>(form)];
      if (s.relation < 0) s.relation = rel;
      if (s.concept_id < 0 || concept_kinds_[static_cast<size_t>(s.concept_id)] == TermKind::Filler)
        s.concept_id = rel_concept;
    }
  }
  for (const auto& [key, values] : data_.slot_values)
    for (const auto& [value, forms] : values) {
      int value_concept = find_concept(value);
      std::vector<std::string> all = forms;
      all.push_back(value);
      auto& concept_forms = data_.concepts[static_cast<size_t>(value_concept)].forms;
      for (const auto& f : forms)
        if (std::find(concept_forms.begin(), concept_forms.end(), f) == concept_forms.end()) concept_forms.push_back(f);
      for (const auto& f : all) {
        int form = add_form(f);
        if (form < 0) continue;
        auto& s = senses_[static_cast<size_t>(form)];
        bool known = std::any_of(s.slots.begin(), s.slots.end(), [&](const auto& kv) { return kv.first == key; });
        if (!known) s.slots.emplace_back(key, value);
        if (s.concept_id < 0) s.concept_id = value_concept;
      }
    }
  for (size_t r = 0; r < data_.regions.size(); ++r) {
    const auto& def = data_.regions[r];
    region_display_.push_back(def.shorts.empty() ? def.name : def.shorts.front());
    std::vector<std::string> names = def.shorts;
    names.push_back(def.name);
    for (const auto& n : names) {
      region_index_.emplace(normalize_utf8(n), static_cast<int>(r));
      int form = add_form(n);
      if (form >= 0 && senses_[static_cast<size_t>(form)].region < 0)
        senses_[static_cast<size_t>(form)].region = static_cast<int>(r);
    }
  }
  for (const auto& c : data_.compose) {
    int a = relation_index(c.first), b = relation_index(c.second);
    int r = c.result == kAmbiguousRelation ? kAmbiguous : relation_index(c.result);
    if (a >= 0 && b >= 0 && r != -1)
      compose_[a * 16 + b] = {r, c.if_asker_female.empty() ? -1 : relation_index(c.if_asker_female),
                              c.if_asker_male.empty() ? -1 : relation_index(c.if_asker_male)};
  }
  index_pinyin();
}

int Lexicon::add_form(const std::string& utf8) {
  std::u32string text = normalize(utf8);
  if (text.empty()) return -1;
  uint32_t node = 0;
  for (char32_t c : text) {
    uint64_t key = (static_cast<uint64_t>(node) << 21) | c;
    auto it = trie_.find(key);
    if (it == trie_.end()) {
      auto child = static_cast<uint32_t>(node_form_.size());
      node_form_.push_back(-1);
      it = trie_.emplace(key, child).first;
    }
    node = it->second;
  }
  if (node_form_[node] < 0) {
    node_form_[node] = static_cast<int>(forms_.size());
    forms_.push_back(text);
    senses_.emplace_back();
  }
  return node_form_[node];
}

size_t Lexicon::longest_match(std::u32string_view text, size_t pos, int& form) const {
  size_t best = 0;
  form = -1;
  uint32_t node = 0;
  for (size_t i = pos; i < text.size(); ++i) {
    auto it = trie_.find((static_cast<uint64_t>(node) << 21) | text[i]);
    if (it == trie_.end()) break;
    node = it->second;
    if (node_form_[node] >= 0) {
      best = i - pos + 1;
      form = node_form_[node];
    }
  }
  // An ASCII form must not end inside a longer ASCII word ("app" is not a match in "apple").
  if (best > 0 && is_ascii_alnum(text[pos + best - 1]) && pos + best < text.size() &&
      is_ascii_alnum(text[pos + best])) {
    form = -1;
    return 0;
  }
  return best;
}

void Lexicon::all_matches(std::u32string_view text, size_t pos, std::vector<std::pair<size_t, int>>& out) const {
  out.clear();
  uint32_t node = 0;
  for (size_t i = pos; i < text.size(); ++i) {
    auto it = trie_.find((static_cast<uint64_t>(node) << 21) | text[i]);
    if (it == trie_.end()) break;
    node = it->second;
    if (node_form_[node] >= 0) out.emplace_back(i - pos + 1, node_form_[node]);
  }
  std::reverse(out.begin(), out.end());
}

int Lexicon::find_form(std::u32string_view text) const {
  int form;
  size_t n = longest_match(text, 0, form);
  return n == text.size() ? form : -1;
}

int Lexicon::find_concept(std::string_view id) const {
  auto it = concept_index_.find(std::string(id));
  return it == concept_index_.end() ? -1 : it->second;
}

void Lexicon::index_pinyin() {
  auto better = [&](int a, int b) {  // is form a a better reading target than form b?
    int pa = pinyin_priority(senses_[static_cast<size_t>(a)], concept_kinds_);
    int pb = pinyin_priority(senses_[static_cast<size_t>(b)], concept_kinds_);
    if (pa != pb) return pa > pb;
    return forms_[static_cast<size_t>(a)].size() > forms_[static_cast<size_t>(b)].size();
  };
  for (size_t f = 0; f < forms_.size(); ++f) {
    const auto& text = forms_[f];
    std::vector<std::string> keys;
    if (auto it = data_.pinyin.find(to_utf8(text)); it != data_.pinyin.end()) {
      keys = it->second;
    } else {
      std::string key;
      bool ok = true;
      for (char32_t c : text) {
        if (!is_han(c)) {
          ok = false;
          break;
        }
        const std::string& py = han_pinyin(c);
        if (py.empty()) {
          ok = false;
          break;
        }
        key += py;
      }
      if (ok) keys.push_back(key);
    }
    const FormSense& s = senses_[f];
    // Homophone repair only aims at the service's own vocabulary (医保, 余额, 共济 …): a kinship
    // term or a place as a target turns ordinary words into false slots (家附近 → 家父近).
    bool typo_target = text.size() >= 2 && s.relation < 0 && s.region < 0 && s.concept_id >= 0 &&
                       (concept_kinds_[static_cast<size_t>(s.concept_id)] == TermKind::Domain ||
                        concept_kinds_[static_cast<size_t>(s.concept_id)] == TermKind::Common);
    for (const auto& key : keys) {
      int form = static_cast<int>(f);
      max_pinyin_length_ = std::max(max_pinyin_length_, key.size());
      auto [it, fresh] = pinyin_best_.emplace(key, form);
      if (!fresh && better(form, it->second)) it->second = form;
      if (typo_target) {
        auto [jt, fresh2] = pinyin_typo_.emplace(key, form);
        if (!fresh2 && better(form, jt->second)) jt->second = form;
      }
    }
  }
}

int Lexicon::form_by_pinyin(const std::string& key, bool typo_safe) const {
  const auto& map = typo_safe ? pinyin_typo_ : pinyin_best_;
  auto it = map.find(key);
  return it == map.end() ? -1 : it->second;
}

int Lexicon::find_region(std::string_view name) const {
  auto it = region_index_.find(normalize_utf8(name));
  return it == region_index_.end() ? -1 : it->second;
}

int Lexicon::province_of(int region) const {
  if (region < 0) return -1;
  int p = data_.regions[static_cast<size_t>(region)].province;
  return p < 0 ? region : p;
}

const std::string& Lexicon::region_display(int region) const { return region_display_[static_cast<size_t>(region)]; }

int Lexicon::compose(int first, int second, Asker asker) const {
  auto it = compose_.find(first * 16 + second);
  if (it == compose_.end()) return -1;
  const ComposeResult& c = it->second;
  if (c.result == kAmbiguous && asker == Asker::Female && c.if_asker_female >= 0) return c.if_asker_female;
  if (c.result == kAmbiguous && asker == Asker::Male && c.if_asker_male >= 0) return c.if_asker_male;
  return c.result;
}

}  // namespace kb
