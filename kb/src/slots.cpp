#include "kb/slots.h"

#include "kb/grammar.h"
#include "kb/normalizer.h"
#include "kb/text.h"

namespace kb {

const std::string& Slots::get(const std::string& key) const {
  static const std::string none;
  if (key == kRelationSlot) return relation;
  if (key == kRegionSlot) return region;
  if (key == kIntentSlot) return intent;
  auto it = values.find(key);
  return it == values.end() ? none : it->second;
}

void Slots::set(const std::string& key, const std::string& value) {
  if (key == kRelationSlot)
    relation = value;
  else if (key == kRegionSlot)
    region = value;
  else if (key == kIntentSlot)
    intent = value;
  else if (value.empty())
    values.erase(key);
  else
    values[key] = value;
}

std::map<std::string, std::string> Slots::carried() const {
  std::map<std::string, std::string> out = values;
  if (!relation.empty()) out[kRelationSlot] = relation;
  if (!region.empty()) out[kRegionSlot] = region;
  return out;
}

std::map<std::string, std::string> Slots::template_vars(const Lexicon& lexicon) const {
  std::map<std::string, std::string> vars = {{kRelationSlot, relation}, {kRegionSlot, region}};
  for (const auto& slot : lexicon.value_slots()) vars[slot.key] = get(slot.key);
  return vars;
}

nlohmann::json Slots::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, value] : carried()) j[key] = value;
  if (!intent.empty()) j[kIntentSlot] = intent;
  if (cross_province) j["cross_province"] = true;
  if (same_province) j["same_province"] = true;
  if (!owner.empty()) j["owner"] = owner;
  return j;
}

namespace {

bool is_relation(const Token& t, const Lexicon& lex) { return t.form >= 0 && lex.sense(t.form).relation >= 0; }

// "我是孩子妈", "俺是他儿媳妇": the kinship term describes the asker, not a relative asked about.
bool describes_asker(const std::vector<Token>& toks, size_t i, const Lexicon& lex) {
  size_t k = i;
  if (k > 0 && grammar::is_subject_pronoun_link(toks[k - 1].text)) --k;
  if (k < 2 || !grammar::is_copula(toks[k - 1].text)) return false;
  return lex.is_first_person(toks[k - 2].text);
}

Lexicon::Asker asker_of(const Analysis& a, const Lexicon& lex) {
  Lexicon::Asker asker = Lexicon::Asker::Unknown;
  for (size_t i = 0; i < a.tokens.size(); ++i)
    if (is_relation(a.tokens[i], lex) && describes_asker(a.tokens, i, lex)) asker = lex.asker_from(a.tokens[i].text);
  return asker;
}

struct Mention {
  int relation;
  bool owner;          // followed by (的) and an account word: whose account it is
  bool after_pronoun;  // 她妈: a relative of someone named before, not of the asker
  size_t token;        // where it starts
};

// Per token, whether its clause asks: the clause's tokens joined, tested for a question word.
std::vector<bool> question_clauses(const std::vector<Token>& toks, const Lexicon& lex) {
  std::vector<bool> out(toks.size(), false);
  for (size_t start = 0; start < toks.size();) {
    size_t end = start + 1;
    std::string clause = toks[start].text;
    for (; end < toks.size() && !toks[end].after_break; ++end) clause += toks[end].text;
    const bool asks = lex.is_question_clause(clause);
    for (size_t k = start; k < end; ++k) out[k] = asks;
    start = end;
  }
  return out;
}

// The relation a kinship term at toks[i] names, composed with a kinship term after it
// ("老婆的爸妈", "媳妇她妈", "我姐家的儿子"); `i` moves past what was read.
std::optional<int> read_relation(const std::vector<Token>& toks, size_t& i, const Lexicon& lex, Lexicon::Asker asker,
                                 bool& unclear) {
  int rel = lex.sense(toks[i].form).relation;
  size_t j = i + 1;
  if (j < toks.size() && grammar::is_household(toks[j].text)) ++j;
  if (j < toks.size() && grammar::is_kinship_link(toks[j].text)) ++j;
  if (j < toks.size() && is_relation(toks[j], lex)) {
    auto composed = lex.compose(rel, lex.sense(toks[j].form).relation, asker);
    if (composed && composed->ambiguous) {  // not a relative we can name: the answer asks
      unclear = true;
      i = j;
      return std::nullopt;
    }
    if (composed) {
      rel = composed->relation;
      i = j;
    }
  }
  return rel;
}

// "老公的医保", "我妈个人账户", "老公的职工医保": the relative at toks[i] owns the account.
bool owns_account(const std::vector<Token>& toks, size_t i, const Lexicon& lex) {
  size_t k = i + 1;
  if (k < toks.size() && grammar::is_possessive(toks[k].text)) ++k;
  return k < toks.size() && lex.is_account_word(toks[k].text, toks[k].form);
}

// "我这个账户", "我自己的医保钱", "我的卡": the asker names their own account, a few words after a
// first-person word and before anyone else.
bool names_own_account(const std::vector<Token>& toks, const Lexicon& lex) {
  constexpr size_t kMaxGap = 3;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (!lex.is_first_person(toks[i].text)) continue;
    for (size_t k = i + 1; k <= i + kMaxGap && k < toks.size() && !toks[k].after_break; ++k) {
      if (is_relation(toks[k], lex) || lex.is_third_person(toks[k].text)) break;
      if (lex.is_account_word(toks[k].text, toks[k].form)) return true;
    }
  }
  return false;
}

// The relative a question is about, as the account's owner sees them.
// - When it names two ("女婿的医保余额能给丈母娘用吗"), the one whose account it is ("X的医保…") is
//   the sharer, and the other one is the relative asked about.
// - A relative who may not share (relations.yaml asked_where_named), named in a clause that asks,
//   comes before one named earlier: a long post tells of the family, then asks about the in-laws.
// - The relative asked about is re-read as the owner sees them (relations.yaml seen_from_owner):
//   "老公的医保能给公公用吗" asks about the owner's father. 她妈 after the owner is already theirs;
//   an account the asker calls their own ("我老公的卡早就花空了…我这个账户能不能绑给婆婆") is theirs.
std::string pick_relation(const Analysis& a, const Lexicon& lex, bool& unclear, bool& of_third_person,
                          std::string& owner_named) {
  const auto& toks = a.tokens;
  const Lexicon::Asker asker = asker_of(a, lex);
  std::vector<Mention> mentions;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (!is_relation(toks[i], lex) || describes_asker(toks, i, lex)) continue;
    const bool after_pronoun = i > 0 && lex.is_third_person(toks[i - 1].text);
    const size_t first = i;
    auto rel = read_relation(toks, i, lex, asker, unclear);
    if (rel) mentions.push_back({*rel, owns_account(toks, i, lex), after_pronoun, first});
    if (rel && mentions.size() == 1) of_third_person = after_pronoun;
  }
  if (mentions.empty()) return "";
  auto name = [&](int relation) { return lex.relations()[static_cast<size_t>(relation)].name; };
  auto first_where = [&](auto&& pred) { return std::find_if(mentions.begin(), mentions.end(), pred); };
  auto asked = mentions.end();
  if (mentions.size() > 1) {  // which clauses ask matters only when there is a choice
    const std::vector<bool> asking = question_clauses(toks, lex);
    const auto& names = lex.data().asked_where_named;
    asked = first_where([&](const Mention& m) {
      return !m.owner && asking[m.token] && std::find(names.begin(), names.end(), name(m.relation)) != names.end();
    });
  }
  if (asked == mentions.end()) asked = first_where([](const Mention& m) { return !m.owner; });
  if (asked == mentions.end()) return name(mentions.front().relation);
  auto owner = first_where([](const Mention& m) { return m.owner; });
  if (owner != mentions.end() && !asked->after_pronoun && !names_own_account(toks, lex)) {
    auto seen = lex.seen_from_owner(owner->relation, asked->relation, lex.asker_from(toks[owner->token].text));
    if (seen && !seen->ambiguous) {
      owner_named = name(owner->relation);
      return name(seen->relation);
    }
  }
  return name(asked->relation);
}

void note_region(Slots& s, int region, const Lexicon& lex, int& first_province) {
  const int province = lex.province_of(region);
  if (s.region_index < 0) {
    s.region_index = region;
    s.region = lex.region_display(region);
    first_province = province;
  } else if (province != first_province) {
    s.cross_province = true;
    s.same_province = false;
  } else if (region != s.region_index && !s.cross_province) {
    s.same_province = true;  // 苏州 and 徐州: two places, one province
  }
}

// 老人, 家人, 外人 (the impersonation section's persons): another person, like a kinship term.
bool names_a_person(const Token& tok, const Lexicon& lex) {
  const auto c = lex.concept_of_form(tok.form);
  if (!c) return false;
  const auto& persons = lex.impersonation().persons;
  return std::find(persons.begin(), persons.end(), lex.concept_def(*c).id) != persons.end();
}

bool asker_only(const std::string& key, const Lexicon& lex) {
  for (const auto& slot : lex.value_slots())
    if (slot.key == key) return slot.asker_only;
  return false;
}

// The first few tokens of the clause starting at token i, joined.
std::string clause_start(const std::vector<Token>& toks, size_t i) {
  std::string out;
  for (size_t k = i; k < toks.size() && k < i + 3 && (k == i || !toks[k].after_break); ++k) out += toks[k].text;
  return out;
}

}  // namespace

Slots extract_slots(const Analysis& a, const Lexicon& lex, std::string_view request_region) {
  Slots s;
  bool unclear = false;
  s.relation = lex.requalified(pick_relation(a, lex, unclear, s.relation_of_third_person, s.owner), a.text);
  s.relation_unclear = unclear && s.relation.empty();
  s.intent = lex.intent_of(a.text);
  s.asks_whether = lex.asks(a.text, "can");
  s.negated = lex.asks_negated(a.text);
  int first_province = -1;
  // Whose insurance a clause names: "我爸妈交的居民医保" is the parents', not the asker's. A
  // relative (or a third person, or 老人) becomes the clause's subject until a first-person word or a
  // clause break; a clause with no subject of its own keeps it ("他在读大学，交的是居民医保").
  bool relative_subject = false;
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const Token& tok = a.tokens[i];
    if (tok.after_break && !lex.keeps_subject(clause_start(a.tokens, i))) relative_subject = false;
    if (lex.is_first_person(tok.text) || lex.is_reflexive(tok.text)) relative_subject = false;
    if (lex.is_third_person(tok.text)) {
      relative_subject = true;
      if (i + 1 == a.tokens.size() || !is_relation(a.tokens[i + 1], lex)) s.names_third_person = true;
    }
    if (tok.form < 0) continue;
    const FormSense& sense = lex.sense(tok.form);
    if (sense.relation >= 0 || names_a_person(tok, lex)) relative_subject = true;
    if (sense.region >= 0) note_region(s, sense.region, lex, first_province);
    // "我没有职工医保，只有居民医保": what the asker denies having is not what they have.
    if (i > 0 && grammar::denies_having(a.tokens[i - 1].text)) continue;
    for (const auto& [key, value] : sense.slots) {
      if (relative_subject && asker_only(key, lex)) continue;  // the relative's, not the asker's
      if (s.get(key).empty()) s.set(key, value);
    }
  }
  if (s.region_index < 0 && !request_region.empty()) {
    auto region = lex.find_region(request_region);
    s.region_index = region.value_or(-1);
    s.region = region ? lex.region_display(*region) : normalize_utf8(request_region);
  }
  return s;
}

}  // namespace kb
