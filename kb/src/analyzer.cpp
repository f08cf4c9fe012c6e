#include "kb/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "kb/normalizer.h"
#include "kb/text.h"

namespace kb {
namespace {

// Word breaks for the Han text the lexicon does not cover. ICU's dictionary segmenter cuts domain
// words badly (医|保, 余|额) but does well enough on ordinary words (天气, 股票), which is all it is
// used for here. BreakIterator is not thread-safe, so each thread clones its own.
std::vector<std::u32string> icu_words(const std::u32string& run) {
  thread_local std::unique_ptr<icu::BreakIterator> iter = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    return U_SUCCESS(status) ? std::move(it) : nullptr;
  }();
  std::vector<std::u32string> out;
  if (!iter) {
    for (char32_t c : run) out.emplace_back(1, c);
    return out;
  }
  icu::UnicodeString u;
  for (char32_t c : run) u.append(static_cast<UChar32>(c));
  iter->setText(u);
  int32_t start = iter->first();
  for (int32_t end = iter->next(); end != icu::BreakIterator::DONE; start = end, end = iter->next()) {
    std::u32string w;
    for (int32_t i = start; i < end; i = u.moveIndex32(i, 1)) w.push_back(static_cast<char32_t>(u.char32At(i)));
    out.push_back(std::move(w));
  }
  return out;
}

// Splits an ASCII letter run into lexicon words by their pinyin, fewest pieces first.
// Returns the forms in order, or nothing when the run is not pinyin of lexicon words.
std::vector<int> split_pinyin(const Lexicon& lex, const std::string& run) {
  const size_t n = run.size();
  if (n < 2 || n > 64) return {};
  std::vector<int> pieces(n + 1, 1 << 20), prev(n + 1, -1), form_at(n + 1, -1);
  pieces[0] = 0;
  const size_t max_len = lex.max_pinyin_length();
  for (size_t i = 0; i < n; ++i) {
    if (pieces[i] >= (1 << 20)) continue;
    for (size_t len = 1; len <= max_len && i + len <= n; ++len) {
      int f = lex.form_by_pinyin(run.substr(i, len), false);
      if (f < 0) continue;
      if (pieces[i] + 1 < pieces[i + len]) {
        pieces[i + len] = pieces[i] + 1;
        prev[i + len] = static_cast<int>(i);
        form_at[i + len] = f;
      }
    }
  }
  if (pieces[n] >= (1 << 20)) return {};
  std::vector<int> forms;
  for (int i = static_cast<int>(n); i > 0; i = prev[static_cast<size_t>(i)])
    forms.push_back(form_at[static_cast<size_t>(i)]);
  std::reverse(forms.begin(), forms.end());
  return forms;
}

}  // namespace

std::u32string Analyzer::pinyin_to_han(const std::u32string& text, std::vector<std::string>& corrections) const {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    if (!is_ascii_letter(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    while (j < text.size() && is_ascii_letter(text[j])) ++j;
    std::u32string run = text.substr(i, j - i);
    std::vector<int> forms;
    // A run that is itself a lexicon form (app, wifi) stays as it is.
    if (lexicon_.find_form(run) < 0) forms = split_pinyin(lexicon_, to_utf8(run));
    if (forms.empty()) {
      out += run;
    } else {
      std::string han;
      for (int f : forms) han += to_utf8(lexicon_.form_text(f));
      corrections.push_back(to_utf8(run) + "→" + han);
      out += to_u32(han);
    }
    i = j;
  }
  return out;
}

bool Analyzer::repair_typos(std::u32string& text, std::vector<std::string>& corrections) const {
  // Collect runs of Han characters that no lexicon form covers, then look for windows of 2–4 such
  // characters whose pinyin is a domain word's pinyin (余颚 → yue → 余额, 共计 → gongji → 共济).
  std::vector<bool> covered(text.size(), false);
  for (size_t i = 0; i < text.size();) {
    int form;
    size_t n = lexicon_.longest_match(text, i, form);
    if (n >= 2 || (n == 1 && !is_han(text[i]))) {
      std::fill(covered.begin() + static_cast<long>(i), covered.begin() + static_cast<long>(i + n), true);
      i += n;
    } else {
      ++i;
    }
  }
  bool changed = false;
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
      int f = lexicon_.form_by_pinyin(key, true);
      if (f < 0 || lexicon_.form_text(f).size() != len) continue;
      const std::u32string& fix = lexicon_.form_text(f);
      corrections.push_back(to_utf8(text.substr(i, len)) + "→" + to_utf8(fix));
      std::copy(fix.begin(), fix.end(), text.begin() + static_cast<long>(i));
      std::fill(covered.begin() + static_cast<long>(i), covered.begin() + static_cast<long>(i + len), true);
      changed = true;
      break;
    }
  }
  return changed;
}

// Segments a run of Han text by dynamic programming: the fewest pieces, where a lexicon form costs
// 1 and a character no form covers costs 1.5. Plain longest-match reads 怎么办|理 in 怎么办理; the
// fewest-pieces reading is 怎么|办理. A kinship term or place name that ends inside one of ICU's
// words is most likely a false match and costs more: 家附近 is 家|附近, not 家父|近. (Concept
// forms get no such check: ICU cuts domain words badly, 医|保.)
std::vector<Token> Analyzer::segment_run(const std::u32string& text, size_t begin, size_t end, bool word_breaks) const {
  const size_t n = end - begin;
  constexpr double kForm = 1.0, kUnknown = 1.5, kCutsWord = 2.5;
  // Does an entity match [i, i+len) end inside an ICU word? ICU's break engine is the most
  // expensive step of the chain, so it runs only for entity matches, on a short window: the match
  // and the three characters after it.
  auto ends_inside_word = [&](size_t i, size_t len) {
    if (!word_breaks || i + len >= n) return false;
    size_t window = std::min(n - i, len + 3);
    size_t pos = 0;
    for (const auto& w : icu_words(text.substr(begin + i, window))) {
      if (pos < len && pos + w.size() > len) return true;
      pos += w.size();
      if (pos >= len) break;
    }
    return false;
  };
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
      bool entity = sense.relation >= 0 || sense.region >= 0;
      double c = kForm + cost[i + len];
      if (entity && c < cost[i] - 1e-9 && ends_inside_word(i, len)) c += kCutsWord;
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
    if (word_breaks)
      for (auto& w : icu_words(pending)) tokens.push_back({to_utf8(w), -1, false});
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

std::vector<Token> Analyzer::segment(const std::u32string& text) const {
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
      int form = lexicon_.find_form(std::u32string_view(text).substr(i, j - i));
      tokens.push_back({to_utf8(text.substr(i, j - i)), form, true});
    } else {
      // Everything up to the next space or ASCII word is one run for the segmenter.
      while (j < text.size() && text[j] != U' ' && !is_ascii_alnum(text[j])) ++j;
      for (auto& t : segment_run(text, i, j)) tokens.push_back(std::move(t));
    }
    if (tokens.size() > first) tokens[first].after_break = after_break;
    i = j;
  }
  return tokens;
}

namespace {

// "不是公积金，是医保", "不是我自己用，是给我哥用": in a contrast, what follows 不是 is what the
// question is not about, and must not choose the topic, the relative or an out-of-scope answer.
// Drops 不是 … 是 when the 是 follows within a few words (punctuation is a space by now, so the two
// may stand in separate clauses: "不是公积金，是医保"); a span holding a question particle
// ("不是说能提现吗，是真的吗") or without a 是 after it is left alone.
void drop_contrasted(Analysis& a) {
  constexpr size_t kMaxSpan = 12;  // tokens
  auto& toks = a.tokens;
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    if (toks[i].text != "不" || toks[i + 1].text != "是" || toks[i + 1].after_break) continue;
    size_t j = i + 2;
    bool question = false;
    while (j < toks.size() && j < i + 2 + kMaxSpan && toks[j].text != "是" && toks[j].text != "而是") {
      if (toks[j].text == "吗" || toks[j].text == "呢" || toks[j].text == "吧") question = true;
      ++j;
    }
    if (j >= toks.size() || j == i + 2 || question || (toks[j].text != "是" && toks[j].text != "而是")) continue;
    toks.erase(toks.begin() + static_cast<long>(i), toks.begin() + static_cast<long>(j) + 1);
  }
}

}  // namespace

Analysis Analyzer::analyze(std::string_view question) const {
  Analysis a;
  a.text = pinyin_to_han(normalize(question), a.corrections);
  repair_typos(a.text, a.corrections);
  a.tokens = segment(a.text);
  drop_contrasted(a);
  return a;
}

std::vector<Term> Analyzer::answer_terms(std::string_view answer) const {
  Analysis a;
  a.text = normalize(answer);
  for (size_t i = 0; i < a.text.size();) {
    size_t j = i;
    while (j < a.text.size() && a.text[j] != U' ' && !is_ascii_alnum(a.text[j])) ++j;
    if (j > i) {
      for (auto& t : segment_run(a.text, i, j, /*word_breaks=*/false)) a.tokens.push_back(std::move(t));
      i = j;
    } else if (is_ascii_alnum(a.text[i])) {
      while (j < a.text.size() && is_ascii_alnum(a.text[j])) ++j;
      int form = lexicon_.find_form(std::u32string_view(a.text).substr(i, j - i));
      if (form >= 0) a.tokens.push_back({to_utf8(a.text.substr(i, j - i)), form, true});
      i = j;
    } else {
      ++i;
    }
  }
  return terms(a);
}

double kind_factor(TermKind k) {
  switch (k) {
    case TermKind::Domain:
      return 1.0;
    case TermKind::Offtopic:
      return 1.0;
    case TermKind::Common:
      return 0.4;
    case TermKind::Word:
      return 0.5;
    case TermKind::Filler:
      return 0.0;
  }
  return 0;
}

namespace {

// "拿我爸的医保卡给自己开药", "用我姐的码": someone else's card or code used by the asker is
// 冒名 (impersonation), whichever relative it belongs to. The lexicon lists the forms with
// 我/他/别人; a relative's card is recognised here, so that no kinship term × card list is needed.
bool uses_relatives_card(const std::vector<Token>& toks, size_t i, const Lexicon& lex) {
  static const std::unordered_set<std::string> verbs = {"拿", "用", "刷", "借", "借用", "拿着", "扫"};
  static const std::unordered_set<std::string> cards = {"卡",     "医保卡",   "社保卡",      "码",
                                                        "医保码", "电子凭证", "医保电子凭证"};
  if (!verbs.count(toks[i].text)) return false;
  size_t k = i + 1;
  if (k < toks.size() && (toks[k].text == "我" || toks[k].text == "俺")) ++k;
  if (k >= toks.size() || toks[k].form < 0 || lex.sense(toks[k].form).relation < 0) return false;
  ++k;
  if (k < toks.size() && toks[k].text == "的") ++k;
  if (k >= toks.size() || !cards.count(toks[k].text)) return false;
  // "用我爸的医保卡里的钱" is the money on it, not the card.
  return k + 1 >= toks.size() || (toks[k + 1].text != "里" && toks[k + 1].text != "上" && toks[k + 1].text != "里面");
}

}  // namespace

std::vector<Term> Analyzer::terms(const Analysis& a) const {
  std::vector<Term> out;
  std::unordered_set<std::string> seen;
  auto add = [&](std::string key, TermKind kind, double weight) {
    if (kind == TermKind::Filler) return;
    if (seen.insert(key).second) out.push_back({std::move(key), kind, kind_factor(kind) * weight});
  };
  const int impersonation = lexicon_.find_concept("冒名");
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const Token& t = a.tokens[i];
    if (impersonation >= 0 && uses_relatives_card(a.tokens, i, lexicon_)) {
      const ConceptDef& c = lexicon_.concepts()[static_cast<size_t>(impersonation)];
      add(c.id, lexicon_.concept_kind(impersonation), c.weight);
    }
    if (t.form >= 0) {
      const FormSense& s = lexicon_.sense(t.form);
      if (s.concept_id >= 0) {
        const ConceptDef& c = lexicon_.concepts()[static_cast<size_t>(s.concept_id)];
        add(c.id, lexicon_.concept_kind(s.concept_id), c.weight);
      }
      // Regions are slots, not retrieval terms: "兰州" must not pull in an entry about 兰州.
    } else {
      add("w:" + t.text, TermKind::Word, 1.0);
    }
  }
  return out;
}

}  // namespace kb
