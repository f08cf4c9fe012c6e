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
      case TermKind::Char:
      case TermKind::Bigram:
        return 0;
    }
  }
  if (s.relation >= 0) return 5;
  return 2;  // a region or a bare slot value
}

uint64_t compose_key(int first, int second) {
  return static_cast<uint64_t>(static_cast<uint32_t>(first)) << 32 | static_cast<uint32_t>(second);
}

}  // namespace

Lexicon::Lexicon(LexiconData data)
    : data_(std::move(data)),
      first_person_(data_.first_person),
      reflexive_(data_.reflexive),
      third_person_(data_.third_person),
      account_words_(data_.account_words),
      impersonation_verbs_(data_.impersonation.verbs),
      impersonation_possessors_(data_.impersonation.possessors),
      impersonation_cards_(data_.impersonation.cards),
      impersonation_money_after_(data_.impersonation.money_after),
      impersonation_aspect_(data_.impersonation.aspect),
      impersonation_mine_(data_.impersonation.mine),
      impersonation_others_(data_.impersonation.others),
      impersonation_whose_(data_.impersonation.whose),
      impersonation_for_whom_(data_.impersonation.for_whom),
      impersonation_stressed_(data_.impersonation.stressed),
      impersonation_qualifiers_(data_.impersonation.qualifiers),
      impersonation_lend_(data_.impersonation.lend) {
  node_form_.push_back(-1);
  add_concepts();
  add_relations();
  add_slot_values();
  add_regions();
  add_compose();
  add_intents();
  add_requalify();
  index_pinyin();
}

void Lexicon::add_intents() {
  for (size_t i = 0; i < data_.intents.size() && i < PhraseSet::kMaxTags; ++i)
    for (const auto& w : data_.intents[i].second) intent_words_.add(to_u32(w), static_cast<uint32_t>(i));
}

void Lexicon::add_requalify() {
  for (size_t i = 0; i < data_.requalify.size() && i < PhraseSet::kMaxTags; ++i)
    for (const auto& w : data_.requalify[i].words)
      requalify_words_.add(to_u32(normalize_utf8(w)), static_cast<uint32_t>(i));
}

const std::string& Lexicon::requalified(const std::string& relation, std::u32string_view text) const {
  if (relation.empty() || data_.requalify.empty()) return relation;
  const uint64_t found = requalify_words_.tags_in(text);
  for (size_t i = 0; i < data_.requalify.size() && i < PhraseSet::kMaxTags; ++i) {
    const auto& r = data_.requalify[i];
    if ((found & (uint64_t{1} << i)) && std::find(r.from.begin(), r.from.end(), relation) != r.from.end()) return r.to;
  }
  return relation;
}

const std::string& Lexicon::intent_of(std::u32string_view text) const {
  static const std::string none;
  const uint64_t found = intent_words_.tags_in(text);
  for (size_t i = 0; i < data_.intents.size() && i < PhraseSet::kMaxTags; ++i)
    if (found & (uint64_t{1} << i)) return data_.intents[i].first;
  return none;
}

bool Lexicon::asks(std::u32string_view text, std::string_view intent) const {
  const uint64_t found = intent_words_.tags_in(text);
  for (size_t i = 0; i < data_.intents.size() && i < PhraseSet::kMaxTags; ++i)
    if (data_.intents[i].first == intent) return (found & (uint64_t{1} << i)) != 0;
  return false;
}

bool Lexicon::keeps_subject(std::string_view clause) const {
  return std::any_of(data_.subject_kept_by.begin(), data_.subject_kept_by.end(),
                     [&](const std::string& start) { return clause.substr(0, start.size()) == start; });
}

bool Lexicon::asks_outright(std::u32string_view text, std::string_view intent) const {
  for (const auto& [name, words] : data_.intents)
    if (name == intent)
      return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
        const std::u32string u = to_u32(w);
        if (u.size() < 2) return false;
        for (size_t at = text.find(u); at != std::u32string_view::npos; at = text.find(u, at + 1))
          if (!reported(text, at) && clause_asks(text, at)) return true;
        return false;
      });
  return false;
}

// "药店刷医保卡可以换米面油，这个违规吗": the 可以 of a statement asks nothing. The clause around `at`
// must hold a question particle (slots.yaml question_particles: 吗, 不 of 能不能 …).
bool Lexicon::clause_asks(std::u32string_view text, size_t at) const {
  const size_t space = text.rfind(U' ', at);
  const size_t start = space == std::u32string_view::npos ? 0 : space + 1;
  const std::u32string_view clause = text.substr(start, text.find(U' ', at) - start);
  return std::any_of(data_.question_particles.begin(), data_.question_particles.end(),
                     [&](const std::string& p) { return clause.find(to_u32(p)) != std::u32string_view::npos; });
}

// Normalisation turned punctuation into spaces: the clause is what follows the last one.
bool Lexicon::reported(std::u32string_view text, size_t at) const {
  const size_t space = text.rfind(U' ', at);
  const size_t start = space == std::u32string_view::npos ? 0 : space + 1;
  const std::u32string_view before = text.substr(start, at - start);
  return std::any_of(data_.reported_speech.begin(), data_.reported_speech.end(),
                     [&](const std::string& w) { return before.find(to_u32(w)) != std::u32string_view::npos; });
}

// Normalisation turned punctuation into spaces: the negation must be in the opener's clause.
bool Lexicon::asks_negated(std::u32string_view text) const {
  const auto& n = data_.negated;
  for (const auto& opener : n.openers) {
    const std::u32string o = to_u32(opener);
    for (size_t at = text.find(o); at != std::u32string_view::npos; at = text.find(o, at + 1)) {
      const size_t from = at + o.size();
      const std::u32string_view clause = text.substr(from, text.find(U' ', from) - from);
      for (const auto& neg : n.negations) {
        const std::u32string w = to_u32(neg);
        for (size_t k = clause.find(w); k != std::u32string_view::npos; k = clause.find(w, k + 1))
          if (std::none_of(n.not_negations.begin(), n.not_negations.end(),
                           [&](const std::string& x) { return clause.substr(k).rfind(to_u32(x), 0) == 0; }))
            return true;
      }
    }
  }
  return false;
}

bool Lexicon::written_asks_why(std::string_view question) const { return intent_of(to_u32(question)) == "why"; }

// A question word after a reporting word is the report's ("听说只能给父母子女配偶用").
bool Lexicon::is_question_clause(std::string_view clause) const {
  size_t end = clause.size();
  for (const auto& w : data_.reported_speech) end = std::min(end, clause.find(w));
  const std::string_view own = clause.substr(0, end);
  return std::any_of(data_.question_words.begin(), data_.question_words.end(),
                     [&](const std::string& w) { return own.find(w) != std::string_view::npos; });
}

void Lexicon::add_concepts() {
  // Slot values and relation concepts become concepts of their own when the concept file has no
  // such id, so that "微信" also counts as a retrieval term.
  auto ensure = [&](const std::string& id) {
    if (std::none_of(data_.concepts.begin(), data_.concepts.end(), [&](const ConceptDef& c) { return c.id == id; }))
      data_.concepts.push_back({id, "domain", {}});
  };
  for (const auto& slot : data_.value_slots)
    for (const auto& [value, forms] : slot.values) ensure(value);
  for (const auto& r : data_.relations) ensure(r.concept_id);
  for (size_t i = 0; i < data_.concepts.size(); ++i) {
    concept_index_.emplace(data_.concepts[i].id, static_cast<int>(i));
    concept_kinds_.push_back(kind_of(data_.concepts[i].kind));
  }
  for (size_t i = 0; i < data_.concepts.size(); ++i) {
    std::vector<std::string> forms = data_.concepts[i].forms;
    forms.push_back(data_.concepts[i].id);  // the concept's own name is always one of its forms
    for (const auto& f : forms) {
      int form = add_form(f);
      if (form >= 0 && senses_[static_cast<size_t>(form)].concept_id < 0)
        senses_[static_cast<size_t>(form)].concept_id = static_cast<int>(i);
    }
  }
}

void Lexicon::add_relations() {
  for (size_t r = 0; r < data_.relations.size(); ++r) {
    const RelationDef& def = data_.relations[r];
    relation_index_.emplace(def.name, static_cast<int>(r));
    const int rel_concept = *find_concept(def.concept_id);
    for (const auto& f : def.forms) {
      int form = add_form(f);
      if (form < 0) continue;
      auto& s = senses_[static_cast<size_t>(form)];
      if (s.relation < 0) s.relation = static_cast<int>(r);
      if (s.concept_id < 0 || concept_kinds_[static_cast<size_t>(s.concept_id)] == TermKind::Filler)
        s.concept_id = rel_concept;
    }
  }
}

void Lexicon::add_slot_values() {
  for (const auto& slot : data_.value_slots)
    for (const auto& [value, forms] : slot.values) {
      const int value_concept = *find_concept(value);
      auto& concept_forms = data_.concepts[static_cast<size_t>(value_concept)].forms;
      for (const auto& f : forms)
        if (std::find(concept_forms.begin(), concept_forms.end(), f) == concept_forms.end()) concept_forms.push_back(f);
      std::vector<std::string> all = forms;
      all.push_back(value);
      for (const auto& f : all) {
        int form = add_form(f);
        if (form < 0) continue;
        auto& s = senses_[static_cast<size_t>(form)];
        const std::string& key = slot.key;
        if (std::none_of(s.slots.begin(), s.slots.end(), [&](const auto& kv) { return kv.first == key; }))
          s.slots.emplace_back(key, value);
        if (s.concept_id < 0) s.concept_id = value_concept;
      }
    }
}

void Lexicon::add_regions() {
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
}

void Lexicon::add_compose() {
  add_pairs(data_.compose, compose_);
  add_pairs(data_.seen_from_owner, seen_from_owner_);
}

void Lexicon::add_pairs(const std::vector<LexiconData::Compose>& rules, PairRules& out) const {
  auto index = [&](const std::string& name) { return relation_index(name).value_or(-1); };
  for (const auto& c : rules) {
    int a = index(c.first), b = index(c.second);
    int result = c.result == "?" ? -1 : index(c.result);
    if (a < 0 || b < 0 || (result < 0 && c.result != "?")) continue;  // the loader reported it
    out[compose_key(a, b)] = {result, c.if_female.empty() ? -1 : index(c.if_female),
                              c.if_male.empty() ? -1 : index(c.if_male)};
  }
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

std::optional<int> Lexicon::find_form(std::u32string_view text) const {
  int form;
  size_t n = longest_match(text, 0, form);
  return n == text.size() && form >= 0 ? std::optional<int>(form) : std::nullopt;
}

std::optional<int> Lexicon::find_concept(std::string_view id) const {
  auto it = concept_index_.find(std::string(id));
  return it == concept_index_.end() ? std::nullopt : std::optional<int>(it->second);
}

std::optional<int> Lexicon::concept_of_form(int form) const {
  int c = sense(form).concept_id;
  return c >= 0 ? std::optional<int>(c) : std::nullopt;
}

void Lexicon::index_pinyin() {
  auto better = [&](int a, int b) {  // is form a a better reading target than form b?
    int pa = pinyin_priority(senses_[static_cast<size_t>(a)], concept_kinds_);
    int pb = pinyin_priority(senses_[static_cast<size_t>(b)], concept_kinds_);
    if (pa != pb) return pa > pb;
    return forms_[static_cast<size_t>(a)].size() > forms_[static_cast<size_t>(b)].size();
  };
  auto readings = [&](const std::u32string& text) {
    if (auto it = data_.pinyin.find(to_utf8(text)); it != data_.pinyin.end()) return it->second;
    std::string key;
    for (char32_t c : text) {
      const std::string& py = is_han(c) ? han_pinyin(c) : std::string();
      if (py.empty()) return std::vector<std::string>{};
      key += py;
    }
    return std::vector<std::string>{key};
  };
  for (size_t f = 0; f < forms_.size(); ++f) {
    const FormSense& s = senses_[f];
    // Homophone repair only aims at the service's own vocabulary (医保, 余额, 共济 …): a kinship
    // term or a place as a target turns ordinary words into false slots (家附近 → 家父近).
    const bool typo_target = forms_[f].size() >= 2 && s.relation < 0 && s.region < 0 && s.concept_id >= 0 &&
                             (concept_kinds_[static_cast<size_t>(s.concept_id)] == TermKind::Domain ||
                              concept_kinds_[static_cast<size_t>(s.concept_id)] == TermKind::Common);
    for (const auto& key : readings(forms_[f])) {
      const int form = static_cast<int>(f);
      max_pinyin_length_ = std::max(max_pinyin_length_, key.size());
      auto [it, fresh] = pinyin_best_.emplace(key, form);
      if (!fresh && better(form, it->second)) it->second = form;
      if (!typo_target) continue;
      auto [jt, fresh_typo] = pinyin_typo_.emplace(key, form);
      if (!fresh_typo && better(form, jt->second)) jt->second = form;
    }
  }
}

std::optional<int> Lexicon::form_by_pinyin(const std::string& key, bool typo_safe) const {
  const auto& map = typo_safe ? pinyin_typo_ : pinyin_best_;
  auto it = map.find(key);
  return it == map.end() ? std::nullopt : std::optional<int>(it->second);
}

std::optional<int> Lexicon::find_region(std::string_view name) const {
  auto it = region_index_.find(normalize_utf8(name));
  return it == region_index_.end() ? std::nullopt : std::optional<int>(it->second);
}

int Lexicon::province_of(int region) const {
  int p = data_.regions[static_cast<size_t>(region)].province;
  return p < 0 ? region : p;
}

const std::string& Lexicon::region_display(int region) const { return region_display_[static_cast<size_t>(region)]; }

std::optional<int> Lexicon::relation_index(std::string_view name) const {
  auto it = relation_index_.find(std::string(name));
  return it == relation_index_.end() ? std::nullopt : std::optional<int>(it->second);
}

std::vector<std::string> Lexicon::relation_names() const {
  std::vector<std::string> out;
  for (const auto& r : data_.relations) out.push_back(r.name);
  return out;
}

std::optional<Lexicon::Composed> Lexicon::compose(int first, int second, Asker asker) const {
  return look_up(compose_, first, second, asker);
}

std::optional<Lexicon::Composed> Lexicon::seen_from_owner(int owner, int relative, Asker owner_sex) const {
  return look_up(seen_from_owner_, owner, relative, owner_sex);
}

std::optional<Lexicon::Composed> Lexicon::look_up(const PairRules& rules, int first, int second, Asker sex) {
  auto it = rules.find(compose_key(first, second));
  if (it == rules.end()) return std::nullopt;
  const ComposeRule& c = it->second;
  if (c.result >= 0) return Composed{c.result, false};
  if (sex == Asker::Female && c.if_female >= 0) return Composed{c.if_female, false};
  if (sex == Asker::Male && c.if_male >= 0) return Composed{c.if_male, false};
  return Composed{-1, true};
}

bool Lexicon::is_account_word(std::string_view text, int form) const {
  if (account_words_.contains(text)) return true;
  auto c = form < 0 ? std::nullopt : concept_of_form(form);
  return c && concept_def(*c).anchor;
}

Lexicon::Asker Lexicon::asker_from(const std::string& term) const {
  auto holds = [&](const std::vector<std::string>& morphemes) {
    return std::any_of(morphemes.begin(), morphemes.end(),
                       [&](const std::string& m) { return term.find(m) != std::string::npos; });
  };
  if (holds(data_.asker_male)) return Asker::Male;
  if (holds(data_.asker_female)) return Asker::Female;
  return Asker::Unknown;
}

}  // namespace kb
