// Text filters of the analysis chain (analyzer.h): they rewrite the normalised question before it
// is segmented, and record what they changed.
#pragma once
#include "kb/analyzer.h"

namespace kb {

// Runs of ASCII letters that spell lexicon words in pinyin become those words ("yibao yue" →
// 医保 余额); a run that is itself a lexicon form (app) stays.
class PinyinToHan : public TextFilter {
 public:
  explicit PinyinToHan(const Lexicon& lexicon) : lexicon_(lexicon) {}
  void apply(std::u32string& text, std::vector<std::string>& corrections) const override;

 private:
  // The Han words a run of letters stands for, "" when it is no pinyin of lexicon words.
  std::string to_han(const std::u32string& run, bool last) const;
  std::string one_word(const std::u32string& text, size_t begin, size_t& end, std::u32string& joined) const;
  static constexpr size_t kMaxJoined = 4;  // syllables of the longest word typed apart (yi bao qian bao)
  const Lexicon& lexicon_;
};

// Windows of 2–4 Han characters no lexicon form covers whose pinyin is a domain word's pinyin are
// homophone typos of it (余颚 → 余额, 共计 → 共济).
class HomophoneRepair : public TextFilter {
 public:
  explicit HomophoneRepair(const Lexicon& lexicon) : lexicon_(lexicon) {}
  void apply(std::u32string& text, std::vector<std::string>& corrections) const override;

 private:
  const Lexicon& lexicon_;
};

}  // namespace kb
