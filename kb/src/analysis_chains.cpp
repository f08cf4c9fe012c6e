#include "kb/analysis_chains.h"

#include "kb/text_filters.h"
#include "kb/token_filters.h"

namespace kb {

Analyzer question_chain(const Lexicon& lexicon) {
  std::vector<std::unique_ptr<TextFilter>> text;
  text.push_back(std::make_unique<PinyinToHan>(lexicon));
  text.push_back(std::make_unique<HomophoneRepair>(lexicon));
  std::vector<std::unique_ptr<TokenFilter>> tokens;
  tokens.push_back(std::make_unique<ContrastDrop>());
  tokens.push_back(std::make_unique<SpeakerDrop>(lexicon));
  tokens.push_back(std::make_unique<ImpersonationMarker>(lexicon));
  return Analyzer(lexicon, std::move(text), Segmenter(lexicon, /*keep_unknown=*/true), std::move(tokens));
}

Analyzer answer_chain(const Lexicon& lexicon) {
  std::vector<std::unique_ptr<TokenFilter>> tokens;
  tokens.push_back(std::make_unique<ImpersonationMarker>(lexicon));
  return Analyzer(lexicon, {}, Segmenter(lexicon, /*keep_unknown=*/false), std::move(tokens));
}

}  // namespace kb
