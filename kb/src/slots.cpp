#include "kb/slots.h"

#include "kb/normalizer.h"
#include "kb/text.h"

namespace kb {

const std::string& Slots::get(const std::string& key) const {
  static const std::string none;
  if (key == "relation") return relation;
  if (key == "region") return region;
  if (key == "insurance") return insurance;
  if (key == "channel") return channel;
  if (key == "purpose") return purpose;
  if (key == "intent") return intent;
  return none;
}

nlohmann::json Slots::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& key : slot_keys())
    if (!get(key).empty()) j[key] = get(key);
  if (cross_province) j["cross_province"] = true;
  if (same_province) j["same_province"] = true;
  return j;
}

namespace {

// "我是孩子妈", "俺是他儿媳妇": the kinship term describes the asker, not a relative asked about.
bool describes_asker(const std::vector<Token>& toks, size_t i) {
  size_t k = i;
  if (k > 0 && (toks[k - 1].text == "他" || toks[k - 1].text == "她")) --k;
  if (k < 2 || toks[k - 1].text != "是") return false;
  const std::string& who = toks[k - 2].text;
  return who == "我" || who == "俺" || who == "咱" || who == "本人";
}

// The asker's sex, when a term describing the asker shows it (孩子他爸, 儿媳妇, 女婿, 老婆).
Lexicon::Asker asker_from(const std::string& term) {
  auto has = [&](const char* w) { return term.find(w) != std::string::npos; };
  for (const char* w : {"婿", "爸", "爹", "父", "夫", "公", "儿子"})
    if (has(w)) return Lexicon::Asker::Male;
  for (const char* w : {"妈", "娘", "母", "媳", "婆", "妻", "女儿", "闺女"})
    if (has(w)) return Lexicon::Asker::Female;
  return Lexicon::Asker::Unknown;
}

// The relative a question is about: when it names two ("女婿的医保余额能给丈母娘用吗"), the one
// whose account it is ("X的医保…") is the sharer, and the other one is the relative asked about.
std::string pick_relation(const Analysis& a, const Lexicon& lex, bool& unclear) {
  struct Mention {
    int relation;
    bool owner;
  };
  std::vector<Mention> mentions;
  const auto& toks = a.tokens;
  Lexicon::Asker asker = Lexicon::Asker::Unknown;
  for (size_t i = 0; i < toks.size(); ++i)
    if (toks[i].form >= 0 && lex.sense(toks[i].form).relation >= 0 && describes_asker(toks, i))
      asker = asker_from(toks[i].text);
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].form < 0 || lex.sense(toks[i].form).relation < 0) continue;
    if (describes_asker(toks, i)) continue;
    int rel = lex.sense(toks[i].form).relation;
    // "老婆的爸妈", "媳妇她妈", "我姐家的儿子": a kinship term of a kinship term.
    size_t j = i + 1;
    if (j < toks.size() && toks[j].text == "家") ++j;
    if (j < toks.size() &&
        (toks[j].text == "的" || toks[j].text == "她" || toks[j].text == "他" || toks[j].text == "家的"))
      ++j;
    if (j < toks.size() && toks[j].form >= 0 && lex.sense(toks[j].form).relation >= 0) {
      int composed = lex.compose(rel, lex.sense(toks[j].form).relation, asker);
      if (composed == Lexicon::kAmbiguous) {  // not a relative we can name: the answer asks
        unclear = true;
        i = j;
        continue;
      }
      if (composed >= 0) {
        rel = composed;
        i = j;
      }
    }
    // Owner: followed by (的) and an account word.
    bool owner = false;
    size_t k = i + 1;
    if (k < toks.size() && toks[k].text == "的") ++k;
    if (k < toks.size() && toks[k].form >= 0) {
      int c = lex.sense(toks[k].form).concept_id;
      owner = c >= 0 && lex.concepts()[static_cast<size_t>(c)].anchor;
    }
    mentions.push_back({rel, owner});
  }
  if (mentions.empty()) return "";
  for (const auto& m : mentions)
    if (!m.owner) return canonical_relations()[static_cast<size_t>(m.relation)];
  return canonical_relations()[static_cast<size_t>(mentions.front().relation)];
}

std::string pick_intent(const std::u32string& text, const Lexicon& lex) {
  std::string utf8 = to_utf8(text);
  for (const auto& [name, words] : lex.data().intents)
    for (const auto& w : words)
      if (utf8.find(w) != std::string::npos) return name;
  return "";
}

}  // namespace

Slots extract_slots(const Analysis& a, const Lexicon& lex, std::string_view request_region) {
  Slots s;
  bool unclear = false;
  s.relation = pick_relation(a, lex, unclear);
  s.relation_unclear = unclear && s.relation.empty();
  s.intent = pick_intent(a.text, lex);
  int first_province = -1;
  // Whose insurance a clause names: "我爸妈交的居民医保" is the parents', not the asker's. A
  // relative (or 他/她) becomes the clause's subject until a first-person word or a clause break.
  bool relative_subject = false;
  for (const auto& tok : a.tokens) {
    if (tok.after_break) relative_subject = false;
    if (tok.text == "我" || tok.text == "俺" || tok.text == "咱" || tok.text == "本人" || tok.text == "自己")
      relative_subject = false;
    if (tok.text == "他" || tok.text == "她" || tok.text == "他们" || tok.text == "她们") relative_subject = true;
    if (tok.form < 0) continue;
    const FormSense& sense = lex.sense(tok.form);
    if (sense.relation >= 0) relative_subject = true;
    if (sense.region >= 0) {
      int province = lex.province_of(sense.region);
      if (s.region_index < 0) {
        s.region_index = sense.region;
        s.region = lex.region_display(sense.region);
        first_province = province;
      } else if (province != first_province) {
        s.cross_province = true;
        s.same_province = false;
      } else if (sense.region != s.region_index && !s.cross_province) {
        s.same_province = true;  // 苏州 and 徐州: two places, one province
      }
    }
    for (const auto& [key, value] : sense.slots) {
      if (key == "insurance" && relative_subject) continue;  // the relative's insurance, not the asker's
      std::string& slot = key == "insurance" ? s.insurance : key == "channel" ? s.channel : s.purpose;
      if (slot.empty()) slot = value;
    }
  }
  if (s.region_index < 0 && !request_region.empty()) {
    s.region_index = lex.find_region(request_region);
    s.region = s.region_index >= 0 ? lex.region_display(s.region_index) : normalize_utf8(request_region);
  }
  return s;
}

}  // namespace kb
