#include "kb/concept_index.h"

namespace kb {

void ConceptIndex::add_row(uint32_t entry, std::span<const uint32_t> terms) {
  // Entries without rows still get their (empty) range.
  while (entry_row_offsets_.size() <= entry + 1) entry_row_offsets_.push_back(static_cast<uint32_t>(row_entry_.size()));
  row_entry_.push_back(entry);
  row_terms_.insert(row_terms_.end(), terms.begin(), terms.end());
  row_offsets_.push_back(row_terms_.size());
  entry_row_offsets_.back() = static_cast<uint32_t>(row_entry_.size());
}

void ConceptIndex::add_answer_terms(uint32_t entry, std::span<const uint32_t> terms) {
  for (uint32_t id : terms) answer_pairs_.emplace_back(id, entry);
}

void ConceptIndex::build_answer_postings(size_t term_count) {
  answer_posting_offsets_.assign(term_count + 1, 0);
  for (const auto& [id, entry] : answer_pairs_) ++answer_posting_offsets_[id + 1];
  for (size_t i = 0; i < term_count; ++i) answer_posting_offsets_[i + 1] += answer_posting_offsets_[i];
  answer_postings_.resize(answer_posting_offsets_[term_count]);
  std::vector<uint64_t> fill(answer_posting_offsets_.begin(), answer_posting_offsets_.end() - 1);
  for (const auto& [id, entry] : answer_pairs_) answer_postings_[fill[id]++] = entry;  // entries come in order
  std::vector<std::pair<uint32_t, uint32_t>>().swap(answer_pairs_);
}

void ConceptIndex::build_postings(size_t term_count) {
  // Count, prefix-sum, fill: rows are visited in order, so each posting list comes out ascending.
  posting_offsets_.assign(term_count + 1, 0);
  for (uint32_t id : row_terms_) ++posting_offsets_[id + 1];
  for (size_t i = 0; i < term_count; ++i) posting_offsets_[i + 1] += posting_offsets_[i];
  postings_.resize(posting_offsets_[term_count]);
  std::vector<uint64_t> fill(posting_offsets_.begin(), posting_offsets_.end() - 1);
  for (uint32_t row = 0; row < row_entry_.size(); ++row)
    for (uint32_t id : row_terms(row)) postings_[fill[id]++] = row;
}

}  // namespace kb
