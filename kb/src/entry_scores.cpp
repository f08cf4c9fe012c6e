#include "entry_scores.h"

#include <algorithm>
#include <limits>

#include "score_map.h"

namespace kb {
namespace {

// A phrasing's score: its matched weight over both norms, blended (measured: both directions
// counting equally beat 0.4–0.7 on the phrasing side); in a domain-free store their weighted
// harmonic mean (scoring.h). The dense scorer writes the same formulas.
float blended(const ScoringParams& p, double matched, double row_norm, double query_norm) {
  if (p.harmonic)
    return static_cast<float>(matched / (p.phrasing_blend * row_norm + (1 - p.phrasing_blend) * query_norm));
  return static_cast<float>(p.phrasing_blend * matched / row_norm + (1 - p.phrasing_blend) * matched / query_norm);
}

// Per-thread arrays of the dense scorer, one slot a phrasing; zeroed after each use.
struct DenseScratch {
  std::vector<float> row_score;
  std::vector<uint8_t> row_hit;
  std::vector<float> row_value;
  void fit(size_t row_count) {
    if (row_score.size() >= row_count) return;
    row_score.resize(row_count, 0.0f);
    row_hit.resize(row_count, 0);
    row_value.resize(row_count, 0.0f);
  }
};

// Reached once per call: every use of a thread_local with a constructor checks its
// initialisation, which inside the scoring loops cost more than the scoring.
DenseScratch& dense_scratch() {
  thread_local DenseScratch s;
  return s;
}

struct SparseScratch {
  ScoreMap rows, entries;
};
SparseScratch& sparse_scratch() {
  thread_local SparseScratch s;
  return s;
}

}  // namespace

void sort_terms(const ConceptIndex& index, std::vector<QueryTerm>& qterms) {
  std::sort(qterms.begin(), qterms.end(), [&](const QueryTerm& a, const QueryTerm& b) {
    if (a.common != b.common) return !a.common;  // content words select first
    return index.postings(a.id).size() < index.postings(b.id).size();
  });
}

bool fits_dense(const ConceptIndex& index, size_t entry_count, const std::vector<QueryTerm>& qterms, size_t budget) {
  if (index.row_count() > ScoreMap::kCapacity || entry_count > ScoreMap::kCapacity) return false;
  size_t total = 0;
  for (const auto& q : qterms) total += index.postings(q.id).size();
  return total <= budget;
}

// Scores every phrasing in one pass over flat arrays (the compiler vectorises it), then takes
// each entry's best over its consecutive phrasings. A phrasing no selective term touched is 0,
// which never beats a touched one (those score above 0), so the maximum is the same.
EntryScores score_dense(const ConceptIndex& index, size_t entry_count, std::vector<QueryTerm>& qterms,
                        double query_norm, const ScoringParams& p) {
  // Everything fits the budget: content words all select; common words select only while
  // nothing else has (a phrasing that shares only 医保/用 with the question is never its answer).
  size_t collected = 0;
  for (auto& q : qterms) {
    q.selective = !q.common || collected == 0;
    if (q.selective) collected += index.postings(q.id).size();
  }
  DenseScratch& s = dense_scratch();
  const size_t rows = index.row_count();
  s.fit(rows);
  float* score = s.row_score.data();
  uint8_t* hit = s.row_hit.data();
  // Selective terms come first in the sorted order, so each phrasing adds the same weights in the
  // same order as the sparse scorer: the same float sums.
  for (const auto& q : qterms) {
    const auto w = static_cast<float>(q.weight);
    for (uint32_t row : index.postings(q.id)) {
      score[row] += w;
      hit[row] |= static_cast<uint8_t>(q.selective);
    }
  }
  const float* norm = index.row_norms().data();
  float* value = s.row_value.data();
  const double blend = p.phrasing_blend, rest = 1 - p.phrasing_blend;
  // Branch-free, so that it vectorises: a phrasing without terms has norm 0 and nothing matched.
  constexpr float kTiny = std::numeric_limits<float>::min();
  if (p.harmonic) {
    for (size_t r = 0; r < rows; ++r) {
      const double matched = score[r] * static_cast<float>(hit[r]);  // hit is 0 or 1: exact
      value[r] = static_cast<float>(matched / (blend * norm[r] + rest * query_norm));
    }
  } else {
    for (size_t r = 0; r < rows; ++r) {
      const double matched = score[r] * static_cast<float>(hit[r]);
      const double n = norm[r] > kTiny ? norm[r] : kTiny;
      value[r] = static_cast<float>(blend * matched / n + rest * matched / query_norm);
    }
  }
  EntryScores out;
  for (uint32_t e = 0; e < entry_count; ++e) {
    auto [first, last] = index.entry_rows(e);
    float best = 0.0f;
    for (uint32_t r = first; r < last; ++r) best = std::max(best, value[r]);
    if (best > 0.0f) out.emplace_back(best, e);
  }
  std::fill(score, score + rows, 0.0f);
  std::fill(hit, hit + rows, uint8_t{0});
  return out;
}

namespace {
void collect_rows(const ConceptIndex& index, std::vector<QueryTerm>& qterms, size_t budget, ScoreMap& rows) {
  size_t collected = 0;
  if (qterms.size() >= 2 && index.postings(qterms[0].id).size() > budget) {
    // Even the rarest term is common: candidates are the rows holding both of the two rarest
    // terms (postings are sorted by row, so this is one merge).
    auto a = index.postings(qterms[0].id), b = index.postings(qterms[1].id);
    const auto w = static_cast<float>(qterms[0].weight + qterms[1].weight);
    for (size_t i = 0, j = 0; i < a.size() && j < b.size() && collected < budget;) {
      if (a[i] < b[j]) {
        ++i;
      } else if (b[j] < a[i]) {
        ++j;
      } else {
        rows.add(a[i], w);
        ++collected, ++i, ++j;
      }
    }
    qterms[0].selective = qterms[1].selective = true;
  }
  for (auto& q : qterms) {
    if (q.selective) continue;
    auto list = index.postings(q.id);
    // The rarest term always selects (capped at the budget); the others while the budget allows;
    // common words only rank unless nothing else selected.
    if (q.common && collected > 0) continue;
    q.selective = collected == 0 || collected + list.size() <= budget;
    if (!q.selective) continue;
    const size_t n = std::min(list.size(), budget);
    const auto w = static_cast<float>(q.weight);
    for (size_t k = 0; k < n; ++k) rows.add(list[k], w);
    collected += n;
  }
}

}  // namespace

EntryScores score_sparse(const ConceptIndex& index, size_t entry_count, std::vector<QueryTerm>& qterms,
                         double query_norm, const ScoringParams& p) {
  SparseScratch& scratch = sparse_scratch();  // named members: clang 14 cannot capture structured bindings
  ScoreMap &rows = scratch.rows, &entries = scratch.entries;
  rows.reset(index.row_count());
  entries.reset(entry_count);
  collect_rows(index, qterms, p.candidate_budget, rows);
  // Ranking-only terms add to the rows found, searched in each candidate's own terms: their
  // postings may be too long to walk.
  rows.for_each([&](uint32_t row, float acc) {
    double matched = acc;
    auto terms = index.row_terms(row);
    for (const auto& q : qterms)
      if (!q.selective && std::find(terms.begin(), terms.end(), q.id) != terms.end()) matched += q.weight;
    const double norm = index.row_norm(row);
    if (norm > 0) entries.max(static_cast<uint32_t>(index.row_entry(row)), blended(p, matched, norm, query_norm));
  });
  EntryScores out;
  entries.for_each([&](uint32_t e, float v) { out.emplace_back(v, e); });
  return out;
}

}  // namespace kb
