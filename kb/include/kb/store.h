// The SQLite store: entries (as JSON), the lexicon, term statistics, every phrasing's terms, and an
// FTS5 table of every phrasing and answer text. Written by the indexer, read by the server.
//
// At start-up the store loads what retrieval touches for every question into flat in-memory
// arrays: each phrasing's concept terms, the postings of each term, and a small record per entry.
// Full entries (answers, rules, sources) are parsed from their JSON on first use and kept.
//
// Thread-safety: a Store is immutable after construction except for two things, both safe:
// the lazily parsed entries (sharded mutexes) and the SQLite connections — each thread gets its
// own read-only connection, with the tokenizer registered, on first use. Connections are never
// shared between threads.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "kb/analyzer.h"
#include "kb/knowledge.h"
#include "kb/lexicon.h"
#include "kb/query_compiler.h"

namespace kb {

constexpr int kSchemaVersion = 5;

// One FTS5 hit. The FTS5 table holds one document per entry (rowid = entry index): its
// phrasings and the lead sentence of each answer.
struct Hit {
  int entry = -1;
  double bm25 = 0;  // FTS5 rank (lower is better)
};

// What retrieval needs of every entry, kept in memory even at a million entries.
struct EntryInfo {
  std::string id;
  std::string topic;
  std::string effective_from, effective_to;
  std::vector<int> regions;  // gazetteer indices; empty = everywhere
};

// Writes a complete store to `path` atomically (temporary file, then rename).
// Returns the kb_version (content hash) written.
std::string build_store(const KnowledgeBase& kb, const std::string& path);
// The same, streaming: `next` fills in the next entry and returns false at the end. Memory stays
// bounded whatever the number of entries.
using EntrySource = std::function<bool(Entry&)>;
std::string build_store(const LexiconData& lexicon, const EntrySource& next, const std::string& path);

class Store {
 public:
  explicit Store(std::string path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& kb_version() const { return kb_version_; }
  const std::string& path() const { return path_; }
  const Lexicon& lexicon() const { return *lexicon_; }
  const Analyzer& analyzer() const { return *analyzer_; }

  // Entries.
  size_t entry_count() const { return info_.size(); }
  const EntryInfo& info(int entry) const { return info_[static_cast<size_t>(entry)]; }
  int entry_index(const std::string& id) const;
  std::span<const uint32_t> entry_terms(int entry) const { return slice(entry_terms_, entry_term_offsets_, entry); }
  std::span<const uint32_t> answer_terms(int entry) const { return slice(answer_terms_, answer_term_offsets_, entry); }
  // The full entry, parsed on first use.
  std::shared_ptr<const Entry> entry(int entry) const;

  // Phrasings ("rows") and the inverted index of their terms.
  size_t row_count() const { return row_entry_.size(); }
  int row_entry(uint32_t row) const { return static_cast<int>(row_entry_[row]); }
  std::span<const uint32_t> row_terms(uint32_t row) const { return slice(row_terms_, row_term_offsets_, static_cast<int>(row)); }
  double row_norm(uint32_t row) const { return row_norm_[row]; }
  std::span<const uint32_t> postings(uint32_t term) const { return slice(postings_, posting_offsets_, static_cast<int>(term)); }

  // Terms.
  TermStats term(const std::string& key) const;
  size_t term_count() const { return term_keys_.size(); }
  const std::string& term_key(int id) const { return term_keys_[static_cast<size_t>(id)]; }
  TermKind term_kind(int id) const { return kinds_[static_cast<size_t>(id)]; }
  double idf(int id) const { return idf_[static_cast<size_t>(id)]; }
  // Scoring weight of a term: kind factor × concept weight × idf.
  double term_weight(int id) const { return weights_[static_cast<size_t>(id)] * idf_[static_cast<size_t>(id)]; }
  double unknown_idf() const { return unknown_idf_; }

  // FTS5 over phrasing and answer texts: the best `limit` entries for a compiled MATCH expression.
  std::vector<Hit> search_text(const std::string& match, int limit) const;

 private:
  struct Connection;
  Connection& connection() const;
  static std::span<const uint32_t> slice(const std::vector<uint32_t>& flat, const std::vector<uint64_t>& offsets, int i) {
    return {flat.data() + offsets[static_cast<size_t>(i)], flat.data() + offsets[static_cast<size_t>(i) + 1]};
  }
  std::shared_ptr<const Entry> load_entry(int entry) const;

  std::string path_;
  uint64_t serial_;
  std::string kb_version_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<Analyzer> analyzer_;

  std::vector<EntryInfo> info_;
  std::unordered_map<std::string, int> entry_by_id_;
  std::vector<uint32_t> entry_terms_, answer_terms_;
  std::vector<uint64_t> entry_term_offsets_, answer_term_offsets_;

  std::vector<uint32_t> row_entry_;
  std::vector<uint32_t> row_terms_;
  std::vector<uint64_t> row_term_offsets_;
  std::vector<float> row_norm_;
  std::vector<uint32_t> postings_;
  std::vector<uint64_t> posting_offsets_;

  std::unordered_map<std::string, TermStats> terms_;
  std::vector<std::string> term_keys_;
  std::vector<double> idf_, weights_;
  std::vector<TermKind> kinds_;
  double unknown_idf_ = 1;

  // Parsed entries. Small stores parse every entry at start-up; large ones on first use, up to
  // kMaxParsed entries (beyond that an entry is parsed for each use).
  static constexpr size_t kShards = 64, kMaxParsed = 200000;
  mutable std::array<std::mutex, kShards> parsed_mutex_;
  mutable std::vector<std::shared_ptr<const Entry>> parsed_;
  mutable std::atomic<size_t> parsed_count_{0};
};

}  // namespace kb
