#include "kb/text_filters.h"

#include <algorithm>

#include "kb/grammar.h"
#include "kb/normalizer.h"
#include "kb/text.h"

namespace kb {
namespace {

// Splits an ASCII letter run into lexicon words by their pinyin, fewest pieces first.
// Returns the forms in order, or nothing when the run is not pinyin of lexicon words.
std::vector<int> split_pinyin(const Lexicon& lex, const std::string& run) {
  const size_t n = run.size();
  if (n < 2 || n > 64) return {};
  constexpr int kNone = 1 << 20;
  std::vector<int> pieces(n + 1, kNone), prev(n + 1, -1), form_at(n + 1, -1);
  pieces[0] = 0;
  const size_t max_len = lex.max_pinyin_length();
  for (size_t i = 0; i < n; ++i) {
    if (pieces[i] >= kNone) continue;
    for (size_t len = 1; len <= max_len && i + len <= n; ++len) {
      auto f = lex.form_by_pinyin(run.substr(i, len), false);
      if (f && pieces[i] + 1 < pieces[i + len]) {
        pieces[i + len] = pieces[i] + 1;
        prev[i + len] = static_cast<int>(i);
        form_at[i + len] = *f;
      }
    }
  }
  if (pieces[n] >= kNone) return {};
  std::vector<int> forms;
  for (int i = static_cast<int>(n); i > 0; i = prev[static_cast<size_t>(i)])
    forms.push_back(form_at[static_cast<size_t>(i)]);
  std::reverse(forms.begin(), forms.end());
  return forms;
}

// Which characters a lexicon form of two or more characters (or one non-Han character) covers.
std::vector<bool> covered_by_forms(const Lexicon& lex, const std::u32string& text) {
  std::vector<bool> covered(text.size(), false);
  for (size_t i = 0; i < text.size();) {
    int form;
    size_t n = lex.longest_match(text, i, form);
    if (n >= 2 || (n == 1 && !is_han(text[i]))) {
      std::fill(covered.begin() + static_cast<long>(i), covered.begin() + static_cast<long>(i + n), true);
      i += n;
    } else {
      ++i;
    }
  }
  return covered;
}

}  // namespace

// Syllables typed apart ("wo ma neng yong") are one sentence: the spaces between converted runs
// are dropped, or every word would start a clause of its own. A last "ma" is the particle 吗.
// Runs typed apart that together spell one lexicon word are that word ("nian di" is 年底, not 年 and
// the kinship term 弟; "qing ling" is 清零).
void PinyinToHan::apply(std::u32string& text, std::vector<std::string>& corrections) const {
  std::u32string out, prev_run;
  bool after_converted = false;
  for (size_t i = 0; i < text.size();) {
    if (!is_ascii_letter(text[i])) {
      if (text[i] != U' ') after_converted = false, prev_run.clear();
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    std::u32string run;
    std::string han = one_word(text, i, j, run);
    if (han.empty()) {
      j = i;
      while (j < text.size() && is_ascii_letter(text[j])) ++j;
      run = text.substr(i, j - i);
      // Punctuation is a space by now: a "ma" inside the text is 吗 unless a pronoun owns it
      // ("wo ma neng yong ma" is 我妈…吗; "you lixi ma cun zhe" is 有利息吗).
      han = to_han(run, j == text.size() || !grammar::owns_next_pinyin(to_utf8(prev_run)));
    }
    if (han.empty()) {
      out += run;
      after_converted = false;
    } else {
      corrections.push_back(to_utf8(run) + "→" + han);
      if (after_converted)
        while (!out.empty() && out.back() == U' ') out.pop_back();
      out += to_u32(han);
      after_converted = true;
    }
    prev_run = run;
    i = j;
  }
  text = std::move(out);
}

// Up to kMaxJoined runs from `begin`, each after one space, that spell exactly one lexicon word:
// the word, with `end` after the last run and `joined` their letters; "" when none do.
std::string PinyinToHan::one_word(const std::u32string& text, size_t begin, size_t& end, std::u32string& joined) const {
  std::vector<size_t> ends;
  for (size_t k = begin; ends.size() < kMaxJoined;) {
    size_t e = k;
    while (e < text.size() && is_ascii_letter(text[e])) ++e;
    ends.push_back(e);
    if (e + 1 >= text.size() || text[e] != U' ' || !is_ascii_letter(text[e + 1])) break;
    k = e + 1;
  }
  for (size_t n = ends.size(); n >= 2; --n) {
    std::string letters;
    for (char32_t c : text.substr(begin, ends[n - 1] - begin))
      if (c != U' ') letters.push_back(static_cast<char>(c));
    const std::vector<int> forms = split_pinyin(lexicon_, letters);
    if (forms.size() != 1) continue;
    end = ends[n - 1];
    joined = text.substr(begin, end - begin);
    return to_utf8(lexicon_.form_text(forms.front()));
  }
  return "";
}

std::string PinyinToHan::to_han(const std::u32string& run, bool last) const {
  if (last) {
    const std::string_view particle = grammar::final_particle(to_utf8(run));
    if (!particle.empty()) return std::string(particle);
  }
  if (lexicon_.find_form(run)) return "";
  std::string han;
  for (int f : split_pinyin(lexicon_, to_utf8(run))) han += to_utf8(lexicon_.form_text(f));
  return han;
}

void HomophoneRepair::apply(std::u32string& text, std::vector<std::string>& corrections) const {
  std::vector<bool> covered = covered_by_forms(lexicon_, text);
  for (size_t i = 0; i < text.size(); ++i) {
    if (covered[i] || !is_han(text[i])) continue;
    for (size_t len = 4; len >= 2; --len) {
      if (i + len > text.size()) continue;
      bool ok = true;
      std::string key;
      for (size_t k = i; k < i + len && ok; ++k) {
        ok = is_han(text[k]) && !covered[k];
        if (ok) key += han_pinyin(text[k]);
      }
      if (!ok || key.empty()) continue;
      auto f = lexicon_.form_by_pinyin(key, true);
      if (!f || lexicon_.form_text(*f).size() != len) continue;
      const std::u32string& fix = lexicon_.form_text(*f);
      corrections.push_back(to_utf8(text.substr(i, len)) + "→" + to_utf8(fix));
      std::copy(fix.begin(), fix.end(), text.begin() + static_cast<long>(i));
      std::fill(covered.begin() + static_cast<long>(i), covered.begin() + static_cast<long>(i + len), true);
      break;
    }
  }
}

}  // namespace kb
