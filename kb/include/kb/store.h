// The SQLite store: entries (as JSON), the lexicon, topics and messages, term statistics, every
// phrasing's terms, and an FTS5 table with one document per entry. Written by the indexer
// (build_store), read by the server (Store).
//
// At start-up the store loads what retrieval touches for every question into flat in-memory
// arrays (ConceptIndex) and a small record per entry. Full entries (answers, rules, sources) are
// parsed from their JSON at start-up for a small store, on first use for a large one.
//
// Thread-safety: a Store is immutable after construction except for two things, both safe: the
// lazily parsed entries (sharded mutexes) and the SQLite connections, which a mutex-guarded pool
// lends to one thread at a time (a connection is never used by two threads at once, and all of
// them close with the Store).
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "kb/analyzer.h"
#include "kb/concept_index.h"
#include "kb/knowledge.h"
#include "kb/lexicon.h"

namespace kb {

constexpr int kSchemaVersion = 13;

// A store that cannot be opened or read: missing, from another schema, damaged.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What retrieval needs of every entry, kept in memory even at a million entries.
struct EntryInfo {
  std::string id;
  std::string topic;
  std::string kind;  // Entry::kind: kRuleEntry, kFaqEntry or kPassageEntry
  std::string effective_from, effective_to;
  uint32_t from = 0, to = UINT32_MAX;  // the same dates as numbers (dates.h), for retrieval
  std::vector<int> regions;            // gazetteer indices; empty = everywhere
  std::vector<uint32_t> claims;        // term ids of the concepts it claims (Entry::claims)
};

// Writes a complete store to `path` atomically (temporary file, then rename) and returns the
// kb_version (content hash) written. The second form streams entries from `next` (which fills in
// the next one and returns false at the end), with the lexicon, topics and messages of `base`:
// memory stays bounded whatever the number of entries.
std::string build_store(const KnowledgeBase& kb, const std::string& path);
using EntrySource = std::function<bool(Entry&)>;
std::string build_store(const KnowledgeBase& base, const EntrySource& next, const std::string& path);

class Store {
 public:
  // Throws StoreError with a readable message when the store cannot be used.
  explicit Store(std::string path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& kb_version() const { return kb_version_; }
  const Lexicon& lexicon() const { return *lexicon_; }
  const Analyzer& analyzer() const { return *analyzer_; }  // the question chain
  const Messages& messages() const { return messages_; }
  const std::vector<TopicDef>& topics() const { return topics_; }
  const TopicDef* topic(const std::string& id) const;
  const std::string& out_of_scope_topic() const { return out_of_scope_topic_; }
  std::map<std::string, size_t> topic_counts() const;  // entries per topic, every topic listed

  // Entries.
  size_t entry_count() const { return info_.size(); }
  // Passages of policy articles among them: retrieval ranks them apart (retriever.h).
  size_t passage_count() const { return passage_count_; }
  bool is_passage(int entry) const { return info(entry).kind == kPassageEntry; }
  const EntryInfo& info(int entry) const { return info_[static_cast<size_t>(entry)]; }
  std::optional<int> entry_index(const std::string& id) const;
  std::span<const uint32_t> entry_terms(int entry) const { return slice(entry_terms_, entry_term_offsets_, entry); }
  std::span<const uint32_t> answer_terms(int entry) const { return slice(answer_terms_, answer_term_offsets_, entry); }
  std::shared_ptr<const Entry> entry(int entry) const;  // the full entry

  // Phrasings and their terms.
  const ConceptIndex& index() const { return index_; }
  std::optional<uint32_t> term_id(const std::string& key) const;
  double idf(uint32_t id) const { return idf_[id]; }
  // Scoring weight of a term: kind factor × concept weight × idf.
  double term_weight(uint32_t id) const { return weights_[id] * idf_[id]; }
  double unknown_idf() const { return unknown_idf_; }

  // FTS5 over phrasings and answer leads: the best `limit` entries for a compiled MATCH expression.
  std::vector<int> search_text(const std::string& match, int limit) const;

 private:
  struct Connection;
  class ConnectionLease;
  ConnectionLease lease() const;
  void load_meta();
  void load_terms(std::vector<int>& df);
  void load_entries();
  void parse_all_entries();
  static std::span<const uint32_t> slice(const std::vector<uint32_t>& flat, const std::vector<uint64_t>& offsets,
                                         int i) {
    return {flat.data() + offsets[static_cast<size_t>(i)], flat.data() + offsets[static_cast<size_t>(i) + 1]};
  }
  std::shared_ptr<const Entry> load_entry(int entry) const;

  std::string path_;
  std::string kb_version_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<Analyzer> analyzer_;
  Messages messages_;
  std::vector<TopicDef> topics_;
  std::string out_of_scope_topic_;

  std::vector<EntryInfo> info_;
  size_t passage_count_ = 0;
  std::unordered_map<std::string, int> entry_by_id_;
  std::vector<uint32_t> entry_terms_, answer_terms_;
  std::vector<uint64_t> entry_term_offsets_{0}, answer_term_offsets_{0};
  ConceptIndex index_;

  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<double> idf_, weights_;
  double unknown_idf_ = 1;

  // Parsed entries. Small stores parse every entry at start-up; large ones on first use, up to
  // kMaxParsed entries (beyond that an entry is parsed for each use).
  static constexpr size_t kShards = 64, kMaxParsed = 200000, kParseAllBelow = 20000;
  mutable std::array<std::mutex, kShards> parsed_mutex_;
  mutable std::vector<std::shared_ptr<const Entry>> parsed_;
  mutable std::atomic<size_t> parsed_count_{0};
  bool all_parsed_ = false;  // set in the constructor only

  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Connection>> idle_;  // connections no thread holds
};

}  // namespace kb
