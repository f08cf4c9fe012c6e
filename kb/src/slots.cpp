#include "kb/slots.h"

#include "kb/normalizer.h"

namespace kb {

const std::string& Slots::get(const std::string& key) const {
  static const std::string none;
  if (key == "relation") return relation;
  if (key == "region") return region;
  if (key == "insurance") return insurance;
  if (key == "channel") return channel;
  if (key == "purpose") return purpose;
  return none;
}

nlohmann::json Slots::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& key : slot_keys())
    if (!get(key).empty()) j[key] = get(key);
  if (cross_province) j["cross_province"] = true;
  return j;
}

Slots extract_slots(const Analysis& a, const Lexicon& lex, std::string_view request_region) {
  Slots s;
  int first_province = -1;
  const auto& toks = a.tokens;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].form < 0) continue;
    const FormSense& sense = lex.sense(toks[i].form);
    if (sense.relation >= 0 && s.relation.empty()) {
      int rel = sense.relation;
      // "老婆的爸妈", "媳妇她妈": a kinship term of a kinship term.
      size_t j = i + 1;
      if (j < toks.size() && (toks[j].text == "的" || toks[j].text == "她" || toks[j].text == "他")) ++j;
      if (j < toks.size() && toks[j].form >= 0 && lex.sense(toks[j].form).relation >= 0) {
        int composed = lex.compose(rel, lex.sense(toks[j].form).relation);
        if (composed >= 0) {
          rel = composed;
          i = j;
        }
      }
      s.relation = canonical_relations()[static_cast<size_t>(rel)];
    }
    if (sense.region >= 0) {
      int province = lex.province_of(sense.region);
      if (s.region_index < 0) {
        s.region_index = sense.region;
        s.region = lex.region_display(sense.region);
        first_province = province;
      } else if (province != first_province) {
        s.cross_province = true;
      }
    }
    for (const auto& [key, value] : sense.slots) {
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
