#include "kb/token_filters.h"

#include "kb/grammar.h"

namespace kb {

void ContrastDrop::apply(std::vector<Token>& toks) const {
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    if (!grammar::is_negation(toks[i].text) || !grammar::is_copula(toks[i + 1].text) || toks[i + 1].after_break)
      continue;
    size_t j = i + 2;
    bool question = false;
    while (j < toks.size() && j < i + 2 + kMaxSpan && !grammar::closes_contrast(toks[j].text)) {
      question = question || grammar::is_question_particle(toks[j].text);
      ++j;
    }
    if (j >= toks.size() || j == i + 2 || question || !grammar::closes_contrast(toks[j].text)) continue;
    toks.erase(toks.begin() + static_cast<long>(i), toks.begin() + static_cast<long>(j) + 1);
  }
}

ImpersonationMarker::ImpersonationMarker(const Lexicon& lexicon)
    : lexicon_(lexicon), concept_(lexicon.find_concept(lexicon.impersonation().concept_id).value_or(-1)) {}

bool ImpersonationMarker::uses_relatives_card(const std::vector<Token>& toks, size_t i) const {
  if (!lexicon_.impersonation_verbs().contains(toks[i].text)) return false;
  size_t k = i + 1;
  if (k < toks.size() && lexicon_.impersonation_possessors().contains(toks[k].text)) ++k;
  if (k >= toks.size() || toks[k].form < 0 || lexicon_.sense(toks[k].form).relation < 0) return false;
  ++k;
  if (k < toks.size() && grammar::is_possessive(toks[k].text)) ++k;
  if (k >= toks.size() || !lexicon_.impersonation_cards().contains(toks[k].text)) return false;
  return k + 1 >= toks.size() || !lexicon_.impersonation_money_after().contains(toks[k + 1].text);
}

void ImpersonationMarker::apply(std::vector<Token>& toks) const {
  if (concept_ < 0) return;
  for (size_t i = 0; i < toks.size(); ++i)
    if (uses_relatives_card(toks, i)) toks[i].marks = concept_;
}

}  // namespace kb
