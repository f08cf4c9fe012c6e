#include "kb/store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <algorithm>
#include <stdexcept>
#include <chrono>
#include <future>
#include <thread>

#include "kb/fts_tokenizer.h"
#include "kb/normalizer.h"

namespace kb {
namespace {


// Term ids are stored as little-endian uint32 blobs: a million entries load in seconds.
std::string ids_blob(const std::vector<uint32_t>& ids) {
  std::string out(ids.size() * 4, '\0');
  for (size_t i = 0; i < ids.size(); ++i)
    for (int b = 0; b < 4; ++b) out[i * 4 + static_cast<size_t>(b)] = static_cast<char>((ids[i] >> (8 * b)) & 0xFF);
  return out;
}

void append_blob(const SQLite::Column& col, std::vector<uint32_t>& out) {
  const auto* p = static_cast<const unsigned char*>(col.getBlob());
  int n = col.getBytes() / 4;
  for (int i = 0; i < n; ++i)
    out.push_back(static_cast<uint32_t>(p[i * 4]) | static_cast<uint32_t>(p[i * 4 + 1]) << 8 |
                  static_cast<uint32_t>(p[i * 4 + 2]) << 16 | static_cast<uint32_t>(p[i * 4 + 3]) << 24);
}

int kind_code(TermKind k) { return static_cast<int>(k); }

// Every text an entry can be found by: the standard question and its phrasings.
std::vector<std::string> question_rows(const Entry& e) {
  std::vector<std::string> rows{e.question};
  rows.insert(rows.end(), e.phrasings.begin(), e.phrasings.end());
  return rows;
}

// What FTS5 indexes of an entry's answers: the first sentence of each case (the verdict and the
// rule). Whole answers multiplied the FTS5 write cost by three at a million entries; their
// concepts still count, through the entry's answer terms.
std::string answer_lead(const Entry& e) {
  std::string text;
  for (const auto& c : e.cases) {
    size_t end = c.answer.find("。");
    text += c.answer.substr(0, end == std::string::npos ? c.answer.size() : end) + " ";
  }
  return text;
}

std::string answer_row(const Entry& e) {
  std::string text;
  for (const auto& c : e.cases) text += c.answer + " ";
  return text;
}

}  // namespace

std::string build_store(const KnowledgeBase& kb, const std::string& path) {
  size_t next = 0;
  return build_store(kb.lexicon, [&](Entry& e) {
    if (next == kb.entries.size()) return false;
    e = kb.entries[next++];
    return true;
  }, path);
}

std::string build_store(const LexiconData& lexicon_data, const EntrySource& source, const std::string& path) {
  Lexicon lexicon(lexicon_data);
  Analyzer analyzer(lexicon);
  nlohmann::json lexicon_json = lexicon_data;

  std::unordered_map<std::string, uint32_t> term_ids;
  std::vector<Term> term_list;
  std::vector<uint32_t> df;
  auto ids_of = [&](const std::vector<Term>& terms) {
    std::vector<uint32_t> ids;
    for (const auto& t : terms) {
      auto [it, fresh] = term_ids.emplace(t.key, static_cast<uint32_t>(term_list.size()));
      if (fresh) {
        term_list.push_back(t);
        df.push_back(0);
      }
      ids.push_back(it->second);
    }
    return ids;
  };

  const std::string tmp = path + ".tmp";
  std::filesystem::remove(tmp);
  uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](const std::string& data) {
    for (unsigned char c : data) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  mix(lexicon_json.dump());
  size_t entry_count = 0;
  {
    SQLite::Database db(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    register_fts5_tokenizer(db.getHandle());
    db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
    db.exec(
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE entries(idx INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, topic TEXT NOT NULL,"
        " effective_from TEXT NOT NULL, effective_to TEXT NOT NULL, regions TEXT NOT NULL,"
        " json TEXT NOT NULL, terms BLOB NOT NULL, answer_terms BLOB NOT NULL, row_terms BLOB NOT NULL);"
        "CREATE TABLE terms(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, kind INTEGER NOT NULL,"
        " weight REAL NOT NULL, df INTEGER NOT NULL);"
        // Contentless: the texts live in the entries' JSON already; FTS5 keeps only its index.
        "CREATE VIRTUAL TABLE docs USING fts5(text, content='', tokenize='yibao');");
    SQLite::Transaction tx(db);
    SQLite::Statement add_doc(db, "INSERT INTO docs(rowid, text) VALUES (?, ?)");
    SQLite::Statement add_entry(db,
                                "INSERT INTO entries(idx, id, topic, effective_from, effective_to, regions, json, terms,"
                                " answer_terms, row_terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

    // Reading, analysing and serialising need no shared state with the writer: the next chunk of
    // entries is read and analysed on other threads while this thread writes the current one in
    // order (term ids stay deterministic). Memory stays at two chunks, whatever the entry count.
    constexpr size_t kChunk = 4096;
    const size_t workers = std::max(1u, std::thread::hardware_concurrency());
    struct Chunk {
      std::vector<Entry> entries;
      std::vector<std::vector<std::string>> texts;  // per entry: phrasings…, answer (normalised)
      std::vector<std::vector<std::vector<Term>>> terms;
      std::vector<std::string> json;
    };
    auto prepare_chunk = [&]() {
      Chunk c;
      Entry e;
      while (c.entries.size() < kChunk && source(e)) c.entries.push_back(std::move(e));
      const size_t n = c.entries.size();
      c.texts.resize(n);
      c.terms.resize(n);
      c.json.resize(n);
      std::vector<std::thread> pool;
      for (size_t w = 0; w < workers; ++w)
        pool.emplace_back([&c, w, n, workers, &analyzer] {
          for (size_t j = w; j < n; j += workers) {
            c.texts[j] = question_rows(c.entries[j]);
            c.texts[j].push_back(answer_row(c.entries[j]));
            c.terms[j].resize(c.texts[j].size());
            const size_t answer = c.texts[j].size() - 1;
            for (size_t t = 0; t < answer; ++t) {
              c.terms[j][t] = analyzer.terms(analyzer.analyze(c.texts[j][t]));
              c.texts[j][t] = normalize_utf8(c.texts[j][t]);  // FTS5's tokenizer then skips ICU
            }
            c.terms[j][answer] = analyzer.answer_terms(c.texts[j][answer]);
            c.texts[j][answer] = normalize_utf8(answer_lead(c.entries[j]));
            c.json[j] = nlohmann::json(c.entries[j]).dump();
          }
        });
      for (auto& th : pool) th.join();
      return c;
    };

    std::future<Chunk> pending = std::async(std::launch::async, prepare_chunk);
    double waited = 0;
    for (;;) {
      auto w0 = std::chrono::steady_clock::now();
      Chunk chunk = pending.get();
      waited += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
      if (chunk.entries.empty()) break;
      pending = std::async(std::launch::async, prepare_chunk);
      for (size_t k = 0; k < chunk.entries.size(); ++k, ++entry_count) {
        const Entry& e = chunk.entries[k];
        const int idx = static_cast<int>(entry_count);
        std::vector<uint32_t> entry_terms;
        const size_t phrasing_count = chunk.texts[k].size() - 1;
        // Each phrasing's terms, in one blob per entry: [count, n1, ids…, n2, ids…].
        std::vector<uint32_t> row_terms{static_cast<uint32_t>(phrasing_count)};
        for (size_t t = 0; t < phrasing_count; ++t) {
          auto ids = ids_of(chunk.terms[k][t]);
          entry_terms.insert(entry_terms.end(), ids.begin(), ids.end());
          row_terms.push_back(static_cast<uint32_t>(ids.size()));
          row_terms.insert(row_terms.end(), ids.begin(), ids.end());
        }
        std::sort(entry_terms.begin(), entry_terms.end());
        entry_terms.erase(std::unique(entry_terms.begin(), entry_terms.end()), entry_terms.end());
        for (uint32_t id : entry_terms) ++df[id];
        auto answer_ids = ids_of(chunk.terms[k].back());
        std::sort(answer_ids.begin(), answer_ids.end());
        answer_ids.erase(std::unique(answer_ids.begin(), answer_ids.end()), answer_ids.end());
        // One FTS5 document per entry (its phrasings and answer leads): per-document overhead was
        // most of the write cost with one document per phrasing.
        std::string doc;
        for (const auto& text : chunk.texts[k]) (doc += text) += ' ';
        add_doc.bind(1, idx);
        add_doc.bind(2, doc);
        add_doc.exec();
        add_doc.reset();
        const std::string& json = chunk.json[k];
        mix(json);
        std::string terms_blob = ids_blob(entry_terms), answer_blob = ids_blob(answer_ids), rows_blob = ids_blob(row_terms);
        add_entry.bind(1, idx);
        add_entry.bind(2, e.id);
        add_entry.bind(3, e.topic);
        add_entry.bind(4, e.effective_from);
        add_entry.bind(5, e.effective_to);
        add_entry.bind(6, nlohmann::json(e.regions).dump());
        add_entry.bind(7, json);
        add_entry.bind(8, terms_blob.data(), static_cast<int>(terms_blob.size()));
        add_entry.bind(9, answer_blob.data(), static_cast<int>(answer_blob.size()));
        add_entry.bind(10, rows_blob.data(), static_cast<int>(rows_blob.size()));
        add_entry.exec();
        add_entry.reset();
      }
    }
    if (getenv("FAQ_BUILD_TRACE")) fprintf(stderr, "writer waited %.2f s for analysis\n", waited);
    SQLite::Statement add_term(db, "INSERT INTO terms(id, key, kind, weight, df) VALUES (?, ?, ?, ?, ?)");
    for (size_t id = 0; id < term_list.size(); ++id) {
      add_term.bind(1, static_cast<int>(id));
      add_term.bind(2, term_list[id].key);
      add_term.bind(3, kind_code(term_list[id].kind));
      add_term.bind(4, term_list[id].weight);
      add_term.bind(5, static_cast<int>(df[id]));
      add_term.exec();
      add_term.reset();
    }
    char version[17];
    std::snprintf(version, sizeof version, "%016llx", static_cast<unsigned long long>(hash));
    SQLite::Statement meta(db, "INSERT INTO meta(key, value) VALUES (?, ?)");
    for (const auto& [k, v] : std::map<std::string, std::string>{{"schema_version", std::to_string(kSchemaVersion)},
                                                                  {"kb_version", version},
                                                                  {"lexicon", lexicon_json.dump()}}) {
      meta.bind(1, k);
      meta.bind(2, v);
      meta.exec();
      meta.reset();
    }
    tx.commit();
    db.exec("INSERT INTO docs(docs) VALUES ('optimize')");
  }
  char version[17];
  std::snprintf(version, sizeof version, "%016llx", static_cast<unsigned long long>(hash));
  std::filesystem::rename(tmp, path);
  return version;
}

// --- reading -------------------------------------------------------------------------------------

struct Store::Connection {
  SQLite::Database db;
  SQLite::Statement search;
  SQLite::Statement entry;
  explicit Connection(const std::string& path)
      : db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX),
        search((register_fts5_tokenizer(db.getHandle()), db),
               "SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?"),
        entry(db, "SELECT json FROM entries WHERE idx = ?") {}
};

namespace {
std::atomic<uint64_t> next_serial{1};

// CSR layout: offsets[i]..offsets[i+1] index the flat array.
template <class F>
void build_csr(size_t n, F&& for_each_row, std::vector<uint32_t>& flat, std::vector<uint64_t>& offsets) {
  offsets.assign(n + 1, 0);
  for_each_row([&](uint32_t key, uint32_t) { ++offsets[key + 1]; });
  for (size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  flat.resize(offsets[n]);
  std::vector<uint64_t> fill(offsets.begin(), offsets.end() - 1);
  for_each_row([&](uint32_t key, uint32_t value) { flat[fill[key]++] = value; });
}
}  // namespace

Store::Store(std::string path) : path_(std::move(path)), serial_(next_serial++) {
  if (!std::filesystem::exists(path_)) throw std::runtime_error("store not found: " + path_ + " (run the indexer)");
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  std::map<std::string, std::string> meta;
  SQLite::Statement m(db, "SELECT key, value FROM meta");
  while (m.executeStep()) meta[m.getColumn(0).getString()] = m.getColumn(1).getString();
  if (meta["schema_version"] != std::to_string(kSchemaVersion))
    throw std::runtime_error("store schema " + meta["schema_version"] + " is not " + std::to_string(kSchemaVersion) +
                             ": rebuild it with the indexer");
  kb_version_ = meta["kb_version"];
  lexicon_ = std::make_unique<Lexicon>(nlohmann::json::parse(meta["lexicon"]).get<LexiconData>());
  analyzer_ = std::make_unique<Analyzer>(*lexicon_);

  // Terms.
  SQLite::Statement t(db, "SELECT id, key, df, kind, weight FROM terms ORDER BY id");
  std::vector<int> term_df;
  while (t.executeStep()) {
    auto id = static_cast<size_t>(t.getColumn(0).getInt());
    term_keys_.resize(id + 1);
    kinds_.resize(id + 1);
    weights_.resize(id + 1);
    term_df.resize(id + 1);
    term_keys_[id] = t.getColumn(1).getString();
    term_df[id] = t.getColumn(2).getInt();
    kinds_[id] = static_cast<TermKind>(t.getColumn(3).getInt());
    weights_[id] = t.getColumn(4).getDouble();
    terms_[term_keys_[id]] = {static_cast<int>(id), term_df[id]};
  }

  // Entries.
  SQLite::Statement e(db,
                      "SELECT idx, id, topic, effective_from, effective_to, regions, terms, answer_terms, row_terms "
                      "FROM entries ORDER BY idx");
  entry_term_offsets_.push_back(0);
  answer_term_offsets_.push_back(0);
  row_term_offsets_.push_back(0);
  std::vector<uint32_t> rows_blob;
  while (e.executeStep()) {
    EntryInfo info{e.getColumn(1).getString(), e.getColumn(2).getString(), e.getColumn(3).getString(),
                   e.getColumn(4).getString(), {}};
    for (const auto& name : nlohmann::json::parse(e.getColumn(5).getString()).get<std::vector<std::string>>())
      info.regions.push_back(lexicon_->find_region(name));
    entry_by_id_[info.id] = static_cast<int>(info_.size());
    info_.push_back(std::move(info));
    append_blob(e.getColumn(6), entry_terms_);
    append_blob(e.getColumn(7), answer_terms_);
    entry_term_offsets_.push_back(entry_terms_.size());
    answer_term_offsets_.push_back(answer_terms_.size());
    rows_blob.clear();
    append_blob(e.getColumn(8), rows_blob);
    for (size_t p = 1, r = 0; r < (rows_blob.empty() ? 0 : rows_blob[0]); ++r) {
      uint32_t len = rows_blob[p++];
      row_entry_.push_back(static_cast<uint32_t>(info_.size() - 1));
      row_terms_.insert(row_terms_.end(), rows_blob.begin() + static_cast<long>(p), rows_blob.begin() + static_cast<long>(p + len));
      row_term_offsets_.push_back(row_terms_.size());
      p += len;
    }
  }
  const double n = static_cast<double>(std::max<size_t>(info_.size(), 1));
  idf_.resize(term_keys_.size());
  for (size_t id = 0; id < term_keys_.size(); ++id) idf_[id] = std::log(1.0 + n / std::max(term_df[id], 1));
  unknown_idf_ = std::log(1.0 + n);

  // Phrasings (loaded with their entries above) and the postings of their terms.
  row_norm_.resize(row_entry_.size());
  for (uint32_t row = 0; row < row_entry_.size(); ++row) {
    double norm = 0;
    for (uint32_t id : row_terms(row)) norm += term_weight(static_cast<int>(id));
    row_norm_[row] = static_cast<float>(norm);
  }
  build_csr(
      term_keys_.size(),
      [&](auto&& visit) {
        for (uint32_t row = 0; row < row_entry_.size(); ++row)
          for (uint32_t id : row_terms(row)) visit(id, row);
      },
      postings_, posting_offsets_);

  parsed_.resize(info_.size());
  if (info_.size() <= 20000) {
    SQLite::Statement j(db, "SELECT idx, json FROM entries ORDER BY idx");
    while (j.executeStep())
      parsed_[static_cast<size_t>(j.getColumn(0).getInt())] =
          std::make_shared<const Entry>(nlohmann::json::parse(j.getColumn(1).getString()).get<Entry>());
    parsed_count_ = info_.size();
  }
}

Store::~Store() = default;

int Store::entry_index(const std::string& id) const {
  auto it = entry_by_id_.find(id);
  return it == entry_by_id_.end() ? -1 : it->second;
}

TermStats Store::term(const std::string& key) const {
  auto it = terms_.find(key);
  return it == terms_.end() ? TermStats{} : it->second;
}

Store::Connection& Store::connection() const {
  // Keyed by a serial, not the address: a new Store may reuse a destroyed one's address.
  thread_local std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections;
  auto& c = connections[serial_];
  if (!c) c = std::make_unique<Connection>(path_);
  return *c;
}

std::shared_ptr<const Entry> Store::load_entry(int entry) const {
  Connection& c = connection();
  c.entry.reset();
  c.entry.bind(1, entry);
  if (!c.entry.executeStep()) throw std::runtime_error("entry " + std::to_string(entry) + " missing from the store");
  return std::make_shared<const Entry>(nlohmann::json::parse(c.entry.getColumn(0).getString()).get<Entry>());
}

std::shared_ptr<const Entry> Store::entry(int entry) const {
  auto i = static_cast<size_t>(entry);
  std::mutex& mu = parsed_mutex_[i % kShards];
  {
    std::lock_guard<std::mutex> lock(mu);
    if (parsed_[i]) return parsed_[i];
  }
  auto loaded = load_entry(entry);
  if (parsed_count_.load(std::memory_order_relaxed) < kMaxParsed) {
    std::lock_guard<std::mutex> lock(mu);
    if (!parsed_[i]) {
      parsed_[i] = loaded;
      parsed_count_.fetch_add(1, std::memory_order_relaxed);
    }
    return parsed_[i];
  }
  return loaded;
}

std::vector<Hit> Store::search_text(const std::string& match, int limit) const {
  std::vector<Hit> hits;
  if (match.empty()) return hits;
  Connection& c = connection();
  c.search.reset();
  c.search.bind(1, match);
  c.search.bind(2, limit);
  while (c.search.executeStep()) hits.push_back({c.search.getColumn(0).getInt(), c.search.getColumn(1).getDouble()});
  return hits;
}

}  // namespace kb
