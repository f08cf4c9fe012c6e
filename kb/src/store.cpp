#include "kb/store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cmath>
#include <filesystem>

#include "kb/analysis_chains.h"
#include "kb/dates.h"
#include "kb/fts_tokenizer.h"
#include "store_blobs.h"

namespace kb {

struct Store::Connection {
  SQLite::Database db;
  SQLite::Statement search;
  SQLite::Statement entry;
  explicit Connection(const std::string& path)
      : db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX),
        search((register_fts5_tokenizer(db.getHandle()), db),
               "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?"),
        entry(db, "SELECT json FROM entries WHERE idx = ?") {}
};

// A connection lent to one thread; it goes back to the pool when the lease ends.
class Store::ConnectionLease {
 public:
  ConnectionLease(const Store& store, std::unique_ptr<Connection> c) : store_(store), c_(std::move(c)) {}
  ~ConnectionLease() {
    std::lock_guard<std::mutex> lock(store_.pool_mutex_);
    store_.idle_.push_back(std::move(c_));
  }
  ConnectionLease(const ConnectionLease&) = delete;
  Connection* operator->() const { return c_.get(); }

 private:
  const Store& store_;
  std::unique_ptr<Connection> c_;
};

Store::ConnectionLease Store::lease() const {
  std::unique_ptr<Connection> c;
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_.empty()) {
      c = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!c) c = std::make_unique<Connection>(path_);
  return ConnectionLease(*this, std::move(c));
}

Store::Store(std::string path) : path_(std::move(path)) {
  if (!std::filesystem::exists(path_)) throw StoreError("store not found: " + path_ + " (run the indexer)");
  try {
    load_meta();
    load_entries();
    parse_all_entries();
  } catch (const SQLite::Exception& e) {
    throw StoreError("store " + path_ + " cannot be read: " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw StoreError("store " + path_ + " holds malformed data: " + e.what());
  }
}

Store::~Store() = default;

void Store::load_meta() {
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  std::map<std::string, std::string> meta;
  SQLite::Statement m(db, "SELECT key, value FROM meta");
  while (m.executeStep()) meta[m.getColumn(0).getString()] = m.getColumn(1).getString();
  if (meta["schema_version"] != std::to_string(kSchemaVersion))
    throw StoreError("store schema " + meta["schema_version"] + " is not " + std::to_string(kSchemaVersion) +
                     ": rebuild it with the indexer");
  kb_version_ = meta["kb_version"];
  lexicon_ = std::make_unique<Lexicon>(nlohmann::json::parse(meta["lexicon"]).get<LexiconData>());
  analyzer_ = std::make_unique<Analyzer>(question_chain(*lexicon_));
  messages_ = nlohmann::json::parse(meta["messages"]).get<Messages>();
  topics_ = nlohmann::json::parse(meta["topics"]).get<std::vector<TopicDef>>();
  for (const auto& t : topics_)
    if (t.out_of_scope) out_of_scope_topic_ = t.id;
  if (out_of_scope_topic_.empty()) throw StoreError("store " + path_ + " has no out-of-scope topic");
}

void Store::load_terms(std::vector<int>& df) {
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  SQLite::Statement t(db, "SELECT id, key, df, weight FROM terms ORDER BY id");
  while (t.executeStep()) {
    auto id = static_cast<uint32_t>(t.getColumn(0).getInt());
    df.resize(id + 1);
    weights_.resize(id + 1);
    df[id] = t.getColumn(2).getInt();
    weights_[id] = t.getColumn(3).getDouble();
    term_ids_[t.getColumn(1).getString()] = id;
  }
}

void Store::load_entries() {
  std::vector<int> df;
  load_terms(df);
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  SQLite::Statement e(
      db,
      "SELECT id, topic, effective_from, effective_to, regions, terms, answer_terms, row_terms, claims, kind "
      "FROM entries ORDER BY idx");
  std::vector<uint32_t> rows;
  while (e.executeStep()) {
    EntryInfo info;
    info.id = e.getColumn(0).getString();
    info.topic = e.getColumn(1).getString();
    info.kind = e.getColumn(9).getString();
    if (info.kind == kPassageEntry) ++passage_count_;
    info.effective_from = e.getColumn(2).getString();
    info.effective_to = e.getColumn(3).getString();
    info.from = date_number(info.effective_from, false);
    info.to = date_number(info.effective_to, true);
    for (const auto& name : nlohmann::json::parse(e.getColumn(4).getString()).get<std::vector<std::string>>())
      info.regions.push_back(lexicon_->find_region(name).value_or(-1));
    // A claimed concept no text of the store uses cannot occur in a question's terms either.
    for (const auto& key : nlohmann::json::parse(e.getColumn(8).getString()).get<std::vector<std::string>>())
      if (auto id = term_id(key)) info.claims.push_back(*id);
    const auto index = static_cast<uint32_t>(info_.size());
    entry_by_id_[info.id] = static_cast<int>(index);
    info_.push_back(std::move(info));
    append_ids(e.getColumn(5).getBlob(), e.getColumn(5).getBytes(), entry_terms_);
    const size_t answers_from = answer_terms_.size();
    append_ids(e.getColumn(6).getBlob(), e.getColumn(6).getBytes(), answer_terms_);
    index_.add_answer_terms(index, std::span<const uint32_t>(answer_terms_).subspan(answers_from));
    entry_term_offsets_.push_back(entry_terms_.size());
    answer_term_offsets_.push_back(answer_terms_.size());
    rows.clear();
    append_ids(e.getColumn(7).getBlob(), e.getColumn(7).getBytes(), rows);
    for_each_row(rows, [&](std::span<const uint32_t> terms) { index_.add_row(index, terms); });
  }
  // Passages do not count: how rare a word is among the entries that answer (store_writer.cpp).
  const double n = static_cast<double>(std::max<size_t>(info_.size() - passage_count_, 1));
  idf_.resize(weights_.size());
  for (size_t id = 0; id < weights_.size(); ++id) idf_[id] = std::log(1.0 + n / std::max(df[id], 1));
  unknown_idf_ = std::log(1.0 + n);
  index_.finish(weights_.size(), [&](uint32_t id) { return term_weight(id); });
}

void Store::parse_all_entries() {
  parsed_.resize(info_.size());
  if (info_.size() > kParseAllBelow) return;
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  SQLite::Statement j(db, "SELECT idx, json FROM entries ORDER BY idx");
  while (j.executeStep())
    parsed_[static_cast<size_t>(j.getColumn(0).getInt())] =
        std::make_shared<const Entry>(nlohmann::json::parse(j.getColumn(1).getString()).get<Entry>());
  parsed_count_ = info_.size();
  all_parsed_ = true;
}

const TopicDef* Store::topic(const std::string& id) const {
  for (const auto& t : topics_)
    if (t.id == id) return &t;
  return nullptr;
}

std::map<std::string, size_t> Store::topic_counts() const {
  std::map<std::string, size_t> counts;
  for (const auto& t : topics_) counts[t.id] = 0;
  for (const auto& info : info_) ++counts[info.topic];
  return counts;
}

std::optional<int> Store::entry_index(const std::string& id) const {
  auto it = entry_by_id_.find(id);
  return it == entry_by_id_.end() ? std::nullopt : std::optional<int>(it->second);
}

std::optional<uint32_t> Store::term_id(const std::string& key) const {
  auto it = term_ids_.find(key);
  return it == term_ids_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
}

std::shared_ptr<const Entry> Store::load_entry(int entry) const {
  auto c = lease();
  c->entry.reset();
  c->entry.bind(1, entry);
  if (!c->entry.executeStep()) throw StoreError("entry " + std::to_string(entry) + " missing from the store");
  return std::make_shared<const Entry>(nlohmann::json::parse(c->entry.getColumn(0).getString()).get<Entry>());
}

std::shared_ptr<const Entry> Store::entry(int entry) const {
  auto i = static_cast<size_t>(entry);
  if (all_parsed_) return parsed_[i];  // parsed at start-up, never changed: no lock
  std::mutex& mu = parsed_mutex_[i % kShards];
  {
    std::lock_guard<std::mutex> lock(mu);
    if (parsed_[i]) return parsed_[i];
  }
  auto loaded = load_entry(entry);
  if (parsed_count_.load(std::memory_order_relaxed) >= kMaxParsed) return loaded;
  std::lock_guard<std::mutex> lock(mu);
  if (!parsed_[i]) {
    parsed_[i] = loaded;
    parsed_count_.fetch_add(1, std::memory_order_relaxed);
  }
  return parsed_[i];
}

std::vector<int> Store::search_text(const std::string& match, int limit) const {
  std::vector<int> hits;
  if (match.empty()) return hits;
  auto c = lease();
  c->search.reset();
  c->search.bind(1, match);
  c->search.bind(2, limit);
  while (c->search.executeStep()) hits.push_back(c->search.getColumn(0).getInt());
  return hits;
}

}  // namespace kb
