// The SQLite store: entries (as JSON), the lexicon, term statistics and an FTS5 table of every
// phrasing and answer. Written by the indexer, read by the server.
//
// Thread-safety: a Store is immutable after construction except for its connections. Each thread
// gets its own read-only SQLite connection (with the tokenizer registered and the search statement
// prepared) on first use; SQLite connections are never shared between threads.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "kb/analyzer.h"
#include "kb/knowledge.h"
#include "kb/lexicon.h"
#include "kb/query_compiler.h"

namespace kb {

constexpr int kSchemaVersion = 2;

struct Hit {
  int entry = -1;            // index into Store::entries()
  bool is_answer = false;    // row is an answer text, not a phrasing
  std::vector<int> term_ids; // the row's terms
  double bm25 = 0;           // FTS5 rank (lower is better)
  std::string text;          // the row's text (for diagnostics)
};

struct StoredEntry {
  Entry entry;
  std::vector<int> term_ids;         // union of the terms of its phrasings (sorted)
  std::vector<int> answer_term_ids;  // terms of its answers (sorted)
};

// Writes a complete store to `path` atomically (temporary file, then rename).
// Returns the kb_version (content hash) written.
std::string build_store(const KnowledgeBase& kb, const std::string& path);

class Store {
 public:
  explicit Store(std::string path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& kb_version() const { return kb_version_; }
  const Lexicon& lexicon() const { return *lexicon_; }
  const Analyzer& analyzer() const { return *analyzer_; }
  const std::vector<StoredEntry>& entries() const { return entries_; }
  int entry_index(const std::string& id) const;

  TermStats term(const std::string& key) const;
  const std::string& term_key(int id) const { return term_keys_[static_cast<size_t>(id)]; }
  double idf(int term_id) const { return idf_[static_cast<size_t>(term_id)]; }
  TermKind term_kind(int term_id) const { return kinds_[static_cast<size_t>(term_id)]; }
  // Scoring weight of a term: kind factor × concept weight × idf.
  double term_weight(int term_id) const { return weights_[static_cast<size_t>(term_id)] * idf_[static_cast<size_t>(term_id)]; }
  double unknown_idf() const { return unknown_idf_; }

  // Runs a compiled MATCH expression; best `limit` rows by bm25.
  std::vector<Hit> search(const std::string& match, int limit) const;

 private:
  struct Connection;
  Connection& connection() const;

  std::string path_;
  uint64_t serial_;
  std::string kb_version_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<Analyzer> analyzer_;
  std::vector<StoredEntry> entries_;
  std::unordered_map<std::string, int> entry_by_id_;
  std::unordered_map<std::string, TermStats> terms_;
  std::vector<std::string> term_keys_;
  std::vector<double> idf_;
  std::vector<TermKind> kinds_;
  std::vector<double> weights_;
  double unknown_idf_ = 1;
};

}  // namespace kb
