#include "suggest_index.h"

#include <algorithm>
#include <unordered_map>

#include "kb/dates.h"
#include "kb/normalizer.h"
#include "kb/text.h"

namespace faq {
namespace {

// The text shown is the standard question: when it matches itself, it ranks a tier above a match
// found only in a phrasing (a prefix of the standard question above a prefix of a phrasing).
constexpr double kStandardBonus = 1.0;

std::u32string compact(std::u32string s) {
  std::erase(s, U' ');
  return s;
}

// Initials and full pinyin of a normalised text: Han characters by their toneless reading, ASCII
// letters and digits as they are.
void spell(const std::u32string& text, std::string& initials, std::string& pinyin) {
  for (char32_t c : text) {
    if (kb::is_han(c)) {
      const std::string& reading = kb::han_pinyin(c);
      if (reading.empty()) continue;
      initials += reading[0];
      pinyin += reading;
    } else if (kb::is_ascii_alnum(c)) {
      initials += static_cast<char>(c);
      pinyin += static_cast<char>(c);
    }
  }
}

bool starts_with(std::u32string_view s, std::u32string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The share of the query's character pairs (its characters, when it has one) found in `text`.
double pair_coverage(const std::u32string& text, const std::u32string& query) {
  if (query.size() < 2) return text.find(query) != std::u32string::npos ? 1.0 : 0.0;
  size_t found = 0;
  for (size_t i = 0; i + 1 < query.size(); ++i)
    if (text.find(query.substr(i, 2)) != std::u32string::npos) ++found;
  return static_cast<double>(found) / static_cast<double>(query.size() - 1);
}

}  // namespace

SuggestIndex::SuggestIndex(const kb::Store& store) {
  const uint32_t today = kb::date_number(kb::today_iso(), false);
  for (size_t i = 0; i < store.entry_count(); ++i) {
    const int index = static_cast<int>(i);
    const kb::EntryInfo& info = store.info(index);
    if (info.topic == store.out_of_scope_topic() || info.kind == kb::kPassageEntry ||
        !kb::in_force(info.from, info.to, today))
      continue;  // passages are quoted when nothing answers, never offered as a question
    auto entry = store.entry(index);
    const size_t at = entries_.size();
    entries_.push_back({entry->question, entry->id, entry->topic});
    bool first = true;
    for (const auto& q : entry->questions()) {
      Text t{at, compact(kb::normalize(q)), {}, {}, first};
      first = false;
      if (t.compact.empty()) continue;
      spell(t.compact, t.initials, t.pinyin);
      texts_.push_back(std::move(t));
    }
  }
}

double SuggestIndex::score(const Text& t, const std::u32string& q, const Typed& typed) const {
  if (starts_with(t.compact, q)) return 4;
  if (typed.letters_only) {
    const std::string& p = typed.pinyin;
    if (t.initials.rfind(p, 0) == 0 || t.pinyin.rfind(p, 0) == 0) return 3.5;
    if (p.size() >= 2 && (t.initials.find(p) != std::string::npos || t.pinyin.find(p) != std::string::npos)) return 2.5;
  } else if (typed.mixed) {  // 医保yu: Han already chosen, the rest still in pinyin
    if (t.pinyin.rfind(typed.pinyin, 0) == 0) return 3.5;
    if (t.pinyin.find(typed.pinyin) != std::string::npos) return 2.5;
  }
  if (t.compact.find(q) != std::u32string::npos) return 3;
  // Words: most of what was typed appears in the text, in pieces.
  const double coverage = pair_coverage(t.compact, q);
  return q.size() >= 3 && coverage >= 0.6 ? 2 * coverage : 0;
}

std::vector<Suggestion> SuggestIndex::find(std::string_view query, size_t limit) const {
  const std::u32string q = compact(kb::normalize(query));
  if (q.empty() || limit == 0) return {};
  Typed typed;
  typed.letters_only = std::all_of(q.begin(), q.end(), [](char32_t c) { return kb::is_ascii_letter(c); });
  typed.mixed = !typed.letters_only &&
                std::any_of(q.begin(), q.end(), [](char32_t c) { return kb::is_ascii_letter(c); }) &&
                std::any_of(q.begin(), q.end(), [](char32_t c) { return kb::is_han(c); });
  if (typed.letters_only) {
    typed.pinyin = kb::to_utf8(q);
  } else if (typed.mixed) {
    std::string initials;
    spell(q, initials, typed.pinyin);
  }
  // The best text of each entry: higher score, then the standard question, then the shorter text.
  struct Best {
    double score;
    size_t length;
  };
  std::unordered_map<size_t, Best> best;
  for (const auto& t : texts_) {
    const double s = score(t, q, typed);
    if (s <= 0) continue;
    Best b{s + (t.standard ? kStandardBonus : 0), t.compact.size()};
    auto [it, added] = best.try_emplace(t.entry, b);
    if (!added && (b.score > it->second.score || (b.score == it->second.score && b.length < it->second.length)))
      it->second = b;
  }
  std::vector<std::pair<size_t, Best>> ranked(best.begin(), best.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.score != b.second.score) return a.second.score > b.second.score;
    if (a.second.length != b.second.length) return a.second.length < b.second.length;
    return a.first < b.first;
  });
  std::vector<Suggestion> out;
  for (size_t i = 0; i < ranked.size() && out.size() < limit; ++i) out.push_back(entries_[ranked[i].first]);
  return out;
}

}  // namespace faq
