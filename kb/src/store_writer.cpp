// build_store: analyses every entry and writes the store, in chunks, atomically.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <future>
#include <thread>

#include "kb/analysis_chains.h"
#include "kb/fts_tokenizer.h"
#include "kb/normalizer.h"
#include "kb/store.h"
#include "store_blobs.h"

namespace kb {
namespace {

constexpr size_t kChunk = 4096;  // entries analysed together: memory stays at two chunks

// What FTS5 indexes of an entry's answers: the first sentence of each case (the verdict and the
// rule). Whole answers multiplied the FTS5 write cost by three at a million entries; their
// concepts still count, through the entry's answer terms.
std::string answer_lead(const Entry& e) {
  std::string text;
  for (const auto& c : e.cases) text += c.answer.substr(0, c.answer.find("。")) + " ";
  return text;
}

// One chunk of entries, analysed: per entry its phrasings' terms, its answers' terms, the
// normalised FTS5 document and its JSON.
struct Chunk {
  std::vector<Entry> entries;
  std::vector<std::vector<std::vector<Term>>> phrasing_terms;
  std::vector<std::vector<Term>> answer_terms;
  std::vector<std::string> documents, json;
};

class StoreWriter {
 public:
  StoreWriter(const KnowledgeBase& base, const std::string& path);
  void write_all(const EntrySource& source);
  std::string finish();  // the kb_version

 private:
  Chunk prepare(const EntrySource& source) const;
  void analyse(Chunk& c, size_t j) const;
  void write(const Chunk& c, size_t k);
  std::vector<uint32_t> ids_of(const std::vector<Term>& terms);
  void mix(const std::string& data);

  Lexicon lexicon_;
  Analyzer question_, answer_;
  std::string lexicon_json_, topics_json_, messages_json_;
  SQLite::Database db_;
  SQLite::Transaction tx_;
  SQLite::Statement add_doc_, add_entry_;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<Term> term_list_;
  std::vector<uint32_t> df_;
  uint64_t hash_ = 1469598103934665603ULL;  // FNV-1a over everything the store holds
  size_t entry_count_ = 0;
};

SQLite::Database& create_schema(SQLite::Database& db) {
  register_fts5_tokenizer(db.getHandle());
  db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
  db.exec(
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE entries(idx INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, topic TEXT NOT NULL,"
      " effective_from TEXT NOT NULL, effective_to TEXT NOT NULL, regions TEXT NOT NULL, claims TEXT NOT NULL,"
      " json TEXT NOT NULL, terms BLOB NOT NULL, answer_terms BLOB NOT NULL, row_terms BLOB NOT NULL,"
      " kind TEXT NOT NULL);"
      "CREATE TABLE terms(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, kind INTEGER NOT NULL,"
      " weight REAL NOT NULL, df INTEGER NOT NULL);"
      // Contentless: the texts live in the entries' JSON already; FTS5 keeps only its index.
      "CREATE VIRTUAL TABLE docs USING fts5(text, content='', tokenize='" +
      std::string(kTokenizerName) + "');");
  return db;
}

StoreWriter::StoreWriter(const KnowledgeBase& base, const std::string& path)
    : lexicon_(base.lexicon),
      question_(question_chain(lexicon_)),
      answer_(answer_chain(lexicon_)),
      lexicon_json_(nlohmann::json(base.lexicon).dump()),
      topics_json_(nlohmann::json(base.topics).dump()),
      messages_json_(nlohmann::json(base.messages).dump()),
      db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE),
      tx_(create_schema(db_)),
      add_doc_(db_, "INSERT INTO docs(rowid, text) VALUES (?, ?)"),
      add_entry_(db_,
                 "INSERT INTO entries(idx, id, topic, effective_from, effective_to, regions, claims, json, terms,"
                 " answer_terms, row_terms, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {
  for (const auto* part : {&lexicon_json_, &topics_json_, &messages_json_}) mix(*part);
}

void StoreWriter::mix(const std::string& data) {
  for (unsigned char c : data) {
    hash_ ^= c;
    hash_ *= 1099511628211ULL;
  }
}

void StoreWriter::analyse(Chunk& c, size_t j) const {
  const Entry& e = c.entries[j];
  std::string doc;
  for (const auto& q : e.questions()) {
    c.phrasing_terms[j].push_back(question_.terms(question_.analyze(q)));
    (doc += normalize_utf8(q)) += ' ';  // normalised: FTS5's tokenizer then skips ICU
  }
  c.answer_terms[j] = answer_.terms(answer_.analyze(e.answers(" ")));
  c.documents[j] = doc + normalize_utf8(answer_lead(e)) + ' ';
  c.json[j] = nlohmann::json(e).dump();
}

// The next chunk, read from `source` and analysed on every core. Analysing needs no state shared
// with the writer, so this runs on another thread while the previous chunk is written.
Chunk StoreWriter::prepare(const EntrySource& source) const {
  Chunk c;
  Entry e;
  while (c.entries.size() < kChunk && source(e)) c.entries.push_back(std::move(e));
  const size_t n = c.entries.size();
  c.phrasing_terms.resize(n);
  c.answer_terms.resize(n);
  c.documents.resize(n);
  c.json.resize(n);
  const size_t workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (size_t w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      for (size_t j = w; j < n; j += workers) analyse(c, j);
    });
  for (auto& th : pool) th.join();
  return c;
}

std::vector<uint32_t> StoreWriter::ids_of(const std::vector<Term>& terms) {
  std::vector<uint32_t> ids;
  for (const auto& t : terms) {
    auto [it, fresh] = term_ids_.emplace(t.key, static_cast<uint32_t>(term_list_.size()));
    if (fresh) {
      term_list_.push_back(t);
      df_.push_back(0);
    }
    ids.push_back(it->second);
  }
  return ids;
}

void StoreWriter::write(const Chunk& c, size_t k) {
  const Entry& e = c.entries[k];
  const int idx = static_cast<int>(entry_count_++);
  std::vector<uint32_t> entry_terms, rows{static_cast<uint32_t>(c.phrasing_terms[k].size())};
  for (const auto& terms : c.phrasing_terms[k]) {
    auto ids = ids_of(terms);
    entry_terms.insert(entry_terms.end(), ids.begin(), ids.end());
    rows.push_back(static_cast<uint32_t>(ids.size()));
    rows.insert(rows.end(), ids.begin(), ids.end());
  }
  auto sorted_unique = [](std::vector<uint32_t> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  entry_terms = sorted_unique(std::move(entry_terms));
  // Passages of articles are found beside the entries, never instead of them: they count in no
  // document frequency (adding an article changes no entry's score) and stay out of the text
  // search, which offers entries only.
  const bool passage = e.kind == kPassageEntry;
  if (!passage)
    for (uint32_t id : entry_terms) ++df_[id];
  const std::vector<uint32_t> answer_ids = sorted_unique(ids_of(c.answer_terms[k]));
  if (!passage) {
    add_doc_.bind(1, idx);
    add_doc_.bind(2, c.documents[k]);
    add_doc_.exec();
    add_doc_.reset();
  }
  mix(c.json[k]);
  const std::string blobs[] = {ids_blob(entry_terms), ids_blob(answer_ids), ids_blob(rows)};
  add_entry_.bind(1, idx);
  add_entry_.bind(2, e.id);
  add_entry_.bind(3, e.topic);
  add_entry_.bind(4, e.effective_from);
  add_entry_.bind(5, e.effective_to);
  add_entry_.bind(6, nlohmann::json(e.regions).dump());
  add_entry_.bind(7, nlohmann::json(e.claims).dump());
  add_entry_.bind(8, c.json[k]);
  for (int b = 0; b < 3; ++b) add_entry_.bind(9 + b, blobs[b].data(), static_cast<int>(blobs[b].size()));
  add_entry_.bind(12, e.kind);
  add_entry_.exec();
  add_entry_.reset();
}

void StoreWriter::write_all(const EntrySource& source) {
  std::future<Chunk> pending = std::async(std::launch::async, [&] { return prepare(source); });
  for (;;) {
    Chunk chunk = pending.get();
    if (chunk.entries.empty()) break;
    pending = std::async(std::launch::async, [&] { return prepare(source); });
    for (size_t k = 0; k < chunk.entries.size(); ++k) write(chunk, k);
  }
}

std::string StoreWriter::finish() {
  SQLite::Statement add_term(db_, "INSERT INTO terms(id, key, kind, weight, df) VALUES (?, ?, ?, ?, ?)");
  for (size_t id = 0; id < term_list_.size(); ++id) {
    add_term.bind(1, static_cast<int>(id));
    add_term.bind(2, term_list_[id].key);
    add_term.bind(3, static_cast<int>(term_list_[id].kind));
    add_term.bind(4, term_list_[id].weight);
    add_term.bind(5, static_cast<int>(df_[id]));
    add_term.exec();
    add_term.reset();
  }
  char version[17];
  std::snprintf(version, sizeof version, "%016llx", static_cast<unsigned long long>(hash_));
  SQLite::Statement meta(db_, "INSERT INTO meta(key, value) VALUES (?, ?)");
  for (const auto& [k, v] : std::map<std::string, std::string>{{"schema_version", std::to_string(kSchemaVersion)},
                                                               {"kb_version", version},
                                                               {"lexicon", lexicon_json_},
                                                               {"topics", topics_json_},
                                                               {"messages", messages_json_}}) {
    meta.bind(1, k);
    meta.bind(2, v);
    meta.exec();
    meta.reset();
  }
  tx_.commit();
  db_.exec("INSERT INTO docs(docs) VALUES ('optimize')");
  return version;
}

}  // namespace

std::string build_store(const KnowledgeBase& kb, const std::string& path) {
  size_t next = 0;
  return build_store(
      kb,
      [&](Entry& e) {
        if (next == kb.entries.size()) return false;
        e = kb.entries[next++];
        return true;
      },
      path);
}

std::string build_store(const KnowledgeBase& base, const EntrySource& source, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::filesystem::remove(tmp);
  std::string version;
  {
    StoreWriter writer(base, tmp);
    writer.write_all(source);
    version = writer.finish();
  }
  std::filesystem::rename(tmp, path);
  return version;
}

}  // namespace kb
