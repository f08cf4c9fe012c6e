// The in-memory inverted index of every phrasing ("row") by its concept terms: each row's terms
// and weight norm, and each term's postings (rows, ascending). Flat CSR arrays, so a million
// entries load in seconds and cost a few hundred bytes a row.
//
// Thread-safety: immutable after construction.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace kb {

class ConceptIndex {
 public:
  // Rows are added entry by entry, in entry order.
  void add_row(uint32_t entry, std::span<const uint32_t> terms);
  // The terms of an entry's answers (for answer coverage), entry by entry, in entry order.
  void add_answer_terms(uint32_t entry, std::span<const uint32_t> terms);
  // Builds norms and postings once every row is added; `term_weight(id)` weighs a term.
  template <class Weight>
  void finish(size_t term_count, Weight&& term_weight);

  size_t row_count() const { return row_entry_.size(); }
  // The rows of one entry: [first, last), consecutive (rows are added entry by entry).
  std::pair<uint32_t, uint32_t> entry_rows(uint32_t entry) const {
    return entry + 1 < entry_row_offsets_.size() ? std::pair{entry_row_offsets_[entry], entry_row_offsets_[entry + 1]}
                                                 : std::pair{0u, 0u};
  }
  const std::vector<float>& row_norms() const { return row_norm_; }
  int row_entry(uint32_t row) const { return static_cast<int>(row_entry_[row]); }
  std::span<const uint32_t> row_terms(uint32_t row) const { return slice(row_terms_, row_offsets_, row); }
  double row_norm(uint32_t row) const { return row_norm_[row]; }
  std::span<const uint32_t> postings(uint32_t term) const { return slice(postings_, posting_offsets_, term); }
  // The entries whose answers hold the term, ascending.
  std::span<const uint32_t> answer_postings(uint32_t term) const {
    return slice(answer_postings_, answer_posting_offsets_, term);
  }

 private:
  static std::span<const uint32_t> slice(const std::vector<uint32_t>& flat, const std::vector<uint64_t>& offsets,
                                         uint32_t i) {
    return {flat.data() + offsets[i], flat.data() + offsets[i + 1]};
  }
  void build_postings(size_t term_count);
  void build_answer_postings(size_t term_count);

  std::vector<uint32_t> row_entry_;
  std::vector<uint32_t> entry_row_offsets_{0};  // entry → its first row; one past the last entry
  std::vector<uint32_t> row_terms_;
  std::vector<uint64_t> row_offsets_{0};
  std::vector<float> row_norm_;
  std::vector<uint32_t> postings_;
  std::vector<uint64_t> posting_offsets_;
  std::vector<std::pair<uint32_t, uint32_t>> answer_pairs_;  // (term, entry), until finish()
  std::vector<uint32_t> answer_postings_;
  std::vector<uint64_t> answer_posting_offsets_;
};

template <class Weight>
void ConceptIndex::finish(size_t term_count, Weight&& term_weight) {
  row_norm_.resize(row_entry_.size());
  for (uint32_t row = 0; row < row_entry_.size(); ++row) {
    double norm = 0;
    for (uint32_t id : row_terms(row)) norm += term_weight(id);
    row_norm_[row] = static_cast<float>(norm);
  }
  build_postings(term_count);
  build_answer_postings(term_count);
}

}  // namespace kb
