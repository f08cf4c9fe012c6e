#include "kb/scoring.h"

#include <sstream>

namespace kb {

// The score map of the retriever admits this many rows (retriever.cpp, ScoreMap::kCapacity / 2).
constexpr size_t kMaxCandidateBudget = 4096;

std::vector<std::string> ScoringParams::problems() const {
  std::vector<std::string> out;
  auto fraction = [&](const char* name, double v) {
    if (v < 0 || v > 1) out.push_back(std::string("scoring.") + name + " must be between 0 and 1");
  };
  fraction("floor", floor);
  fraction("direct", direct);
  fraction("phrasing_blend", phrasing_blend);
  fraction("question_weight", question_weight);
  fraction("coverage_weight", coverage_weight);
  fraction("related_floor", related_floor);
  fraction("passage_floor", passage_floor);
  if (direct < floor) out.push_back("scoring.direct must not be below scoring.floor");
  fraction("free_phrasing_blend", domain_free.phrasing_blend);
  fraction("free_floor", domain_free.floor);
  fraction("free_direct", domain_free.direct);
  if (domain_free.direct < domain_free.floor) out.push_back("scoring.free_direct must not be below scoring.free_floor");
  if (margin < 0 || clear_match_margin < 0 || continuity_margin < 0 || family_margin < 0 || slot_bonus_per_slot < 0 ||
      slot_bonus_max < 0 || claim_bonus < 0 || nobody_else_penalty < 0 || shun_penalty < 0 || conduct_bonus < 0 ||
      how_only_penalty < 0 || why_entry_penalty < 0)
    out.push_back("scoring margins and bonuses must not be negative");
  if (candidate_budget == 0 || candidate_budget > kMaxCandidateBudget)
    out.push_back("scoring.candidate_budget must be between 1 and " + std::to_string(kMaxCandidateBudget));
  if (rank_top == 0) out.push_back("scoring.rank_top must be at least 1");
  return out;
}

std::string ScoringParams::describe() const {
  std::ostringstream o;
  o << "threshold_floor: " << floor << "\nthreshold_direct: " << direct << "\nthreshold_margin: " << margin
    << "\nscoring.clear_match_margin: " << clear_match_margin << "\nscoring.aside_domain_terms: " << aside_domain_terms
    << "\nscoring.related_floor: " << related_floor << "\nscoring.max_related: " << max_related
    << "\nscoring.text_search_limit: " << text_search_limit << "\nscoring.phrasing_blend: " << phrasing_blend
    << "\nscoring.question_weight: " << question_weight << "\nscoring.coverage_weight: " << coverage_weight
    << "\nscoring.rank_top: " << rank_top << "\nscoring.candidate_budget: " << candidate_budget
    << "\nscoring.slot_bonus_per_slot: " << slot_bonus_per_slot << "\nscoring.slot_bonus_max: " << slot_bonus_max
    << "\nscoring.slot_bonus_top: " << slot_bonus_top << "\nscoring.claim_bonus: " << claim_bonus
    << "\nscoring.nobody_else_penalty: " << nobody_else_penalty << "\nscoring.shun_penalty: " << shun_penalty
    << "\nscoring.conduct_bonus: " << conduct_bonus << "\nscoring.how_only_penalty: " << how_only_penalty
    << "\nscoring.why_entry_penalty: " << why_entry_penalty << "\nscoring.handoff_below: " << handoff_below
    << "\nscoring.passage_floor: " << passage_floor << "\nscoring.short_question_chars: " << short_question_chars
    << "\nscoring.elliptical_chars: " << elliptical_chars << "\nscoring.continuity_margin: " << continuity_margin
    << "\nscoring.family_margin: " << family_margin << "\nscoring.free_phrasing_blend: " << domain_free.phrasing_blend
    << "\nthreshold_free_floor: " << domain_free.floor << "\nthreshold_free_direct: " << domain_free.direct
    << "\nscoring.free_handoff_below: " << domain_free.handoff_below << "\n";
  return o.str();
}

ScoringParams ScoringParams::for_domain_free() const {
  ScoringParams p = *this;
  p.harmonic = true;
  p.phrasing_blend = domain_free.phrasing_blend;
  p.floor = domain_free.floor;
  p.direct = domain_free.direct;
  p.handoff_below = domain_free.handoff_below;
  p.question_weight = 1;
  p.coverage_weight = 0;
  return p;
}

}  // namespace kb
