#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>
#include <unordered_map>

#include "kb/analyzer.h"
#include "kb/text.h"

namespace kb {
namespace {

// Costs of the fewest-pieces segmentation: a lexicon form costs 1 and a character no form covers
// 1.5, so 怎么办理 reads 怎么|办理, not the longest match 怎么办|理. A kinship term or place name
// that ends inside one of ICU's words is most likely a false match and costs more: 家附近 is
// 家|附近, not 家父|近.
constexpr double kForm = 1.0, kUnknown = 1.5, kCutsWord = 2.5;

// Word breaks for the Han text the lexicon does not cover. ICU's dictionary segmenter cuts domain
// words badly (医|保, 余|额) but does well enough on ordinary words (天气, 股票), which is all it is
// used for here. BreakIterator is not thread-safe, so each thread clones its own.
std::vector<uint32_t> icu_word_lengths(const std::u32string& run) {
  thread_local std::unique_ptr<icu::BreakIterator> iter = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    return U_SUCCESS(status) ? std::move(it) : nullptr;
  }();
  std::vector<uint32_t> out;
  if (!iter) return std::vector<uint32_t>(run.size(), 1);
  icu::UnicodeString u;
  for (char32_t c : run) u.append(static_cast<UChar32>(c));
  iter->setText(u);
  int32_t start = iter->first();
  for (int32_t end = iter->next(); end != icu::BreakIterator::DONE; start = end, end = iter->next())
    out.push_back(static_cast<uint32_t>(u.countChar32(start, end - start)));
  return out;
}

// The lengths (in code points) of the words ICU cuts `run` into. ICU's dictionary engine was a
// sixth of an uncached answer, always on the same short windows (a kinship term and the three
// characters after it: 老婆能用我), so each thread remembers what it computed; the memory is
// bounded (emptied when full) and the result is the same as ICU's.
const std::vector<uint32_t>& word_lengths(const std::u32string& run) {
  constexpr size_t kRemembered = 4096;
  thread_local std::unordered_map<std::u32string, std::vector<uint32_t>> memo;
  if (auto it = memo.find(run); it != memo.end()) return it->second;
  if (memo.size() >= kRemembered) memo.clear();
  return memo.emplace(run, icu_word_lengths(run)).first->second;
}

}  // namespace

// Does an entity match [i, i+len) of the run [begin, end) end inside an ICU word? ICU's break
// engine is the most expensive step of the chain, so it runs only for entity matches, on a short
// window: the match and the three characters after it.
bool Segmenter::ends_inside_word(const std::u32string& text, size_t begin, size_t end, size_t i, size_t len) const {
  const size_t n = end - begin;
  if (!keep_unknown_ || i + len >= n) return false;
  size_t pos = 0;
  for (uint32_t w : word_lengths(text.substr(begin + i, std::min(n - i, len + 3)))) {
    if (pos < len && pos + w > len) return true;
    pos += w;
    if (pos >= len) break;
  }
  return false;
}

std::vector<Token> Segmenter::segment_run(const std::u32string& text, size_t begin, size_t end) const {
  const size_t n = end - begin;
  std::vector<double> cost(n + 1, 1e18);
  std::vector<size_t> step(n + 1, 0);
  std::vector<int> form_at(n + 1, -1);
  cost[n] = 0;
  std::vector<std::pair<size_t, int>> matches;
  for (size_t i = n; i-- > 0;) {
    lexicon_.all_matches(std::u32string_view(text).substr(0, end), begin + i, matches);
    cost[i] = kUnknown + cost[i + 1];
    step[i] = 1;
    form_at[i] = -1;
    for (const auto& [len, form] : matches) {  // longest first
      const FormSense& sense = lexicon_.sense(form);
      const bool entity = sense.relation >= 0 || sense.region >= 0;
      double c = kForm + cost[i + len];
      if (entity && c < cost[i] - 1e-9 && ends_inside_word(text, begin, end, i, len)) c += kCutsWord;
      if (c < cost[i] - 1e-9) {
        cost[i] = c;
        step[i] = len;
        form_at[i] = form;
      }
    }
  }
  std::vector<Token> tokens;
  std::u32string pending;
  auto flush = [&] {
    if (pending.empty()) return;
    if (keep_unknown_) {
      size_t at = 0;
      for (uint32_t w : word_lengths(pending)) {
        tokens.push_back({to_utf8(std::u32string_view(pending).substr(at, w)), -1, false});
        at += w;
      }
    }
    pending.clear();
  };
  for (size_t i = 0; i < n; i += step[i]) {
    if (form_at[i] < 0) {
      pending.push_back(text[begin + i]);
      continue;
    }
    flush();
    tokens.push_back({to_utf8(text.substr(begin + i, step[i])), form_at[i], false});
  }
  flush();
  return tokens;
}

std::vector<Token> Segmenter::segment(const std::u32string& text) const {
  std::vector<Token> tokens;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == U' ') {
      ++i;
      continue;
    }
    // Normalisation turned punctuation into single spaces: a space before a run is a clause break.
    const bool after_break = i > 0 && text[i - 1] == U' ';
    const size_t first = tokens.size();
    size_t j = i;
    if (is_ascii_alnum(text[i])) {
      while (j < text.size() && is_ascii_alnum(text[j])) ++j;
      auto form = lexicon_.find_form(std::u32string_view(text).substr(i, j - i));
      if (form || keep_unknown_) tokens.push_back({to_utf8(text.substr(i, j - i)), form.value_or(-1), true});
    } else {
      // Everything up to the next space or ASCII word is one run.
      while (j < text.size() && text[j] != U' ' && !is_ascii_alnum(text[j])) ++j;
      for (auto& t : segment_run(text, i, j)) tokens.push_back(std::move(t));
    }
    if (tokens.size() > first) tokens[first].after_break = after_break;
    i = j;
  }
  return tokens;
}

}  // namespace kb
