#include "kb/rules.h"

#include <algorithm>

#include "kb/dates.h"
#include "kb/text.h"

namespace kb {

bool region_matches(const std::vector<std::string>& names, const Slots& s, const Lexicon& lex) {
  if (s.region_index < 0) return false;
  const int province = lex.province_of(s.region_index);
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
    auto r = lex.find_region(n);
    return r && (*r == s.region_index || *r == province);
  });
}

bool condition_holds(const Condition& c, const Slots& s, const std::string& text, const Lexicon& lex) {
  for (const auto& [key, values] : c.slots) {
    if (key == kRegionSlot) {
      if (!region_matches(values, s, lex)) return false;
      continue;
    }
    const std::string& v = s.get(key);
    if (v.empty() || std::find(values.begin(), values.end(), v) == values.end()) return false;
  }
  if (c.cross_province && !s.cross_province) return false;
  if (c.same_province && !s.same_province) return false;
  auto contains = [&](const std::string& w) { return text.find(w) != std::string::npos; };
  if (!c.any.empty() && std::none_of(c.any.begin(), c.any.end(), contains)) return false;
  return std::none_of(c.none.begin(), c.none.end(), contains);
}

const Case* select_case(const Entry& e, const Slots& s, const std::u32string& text, const Lexicon& lex,
                        const std::string& as_of) {
  // A relative named ambiguously (孩子他爷爷 is the asker's father or the spouse's) must not be
  // matched by the words inside the phrase: the case that asks who it is answers.
  if (s.relation_unclear)
    for (const auto& c : e.cases)
      if (c.ask == kRelationSlot && in_force(c.effective_from, c.effective_to, as_of)) return &c;
  const std::string utf8 = to_utf8(text);  // once, not once per rule word
  for (const auto& c : e.cases)
    if (in_force(c.effective_from, c.effective_to, as_of) && condition_holds(c.when, s, utf8, lex)) return &c;
  return nullptr;
}

}  // namespace kb
