#include "kb/store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "kb/fts_tokenizer.h"

namespace kb {
namespace {

std::string fnv1a_hex(const std::string& data) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string join_ids(const std::vector<int>& ids) {
  std::string out;
  for (int id : ids) out += (out.empty() ? "t" : " t") + std::to_string(id);
  return out;
}

std::vector<int> parse_ids(const char* s) {
  std::vector<int> ids;
  for (const char* p = s; *p;) {
    if (*p == 't') {
      ++p;
      int v = 0;
      while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
      ids.push_back(v);
    } else {
      ++p;
    }
  }
  return ids;
}

int kind_code(TermKind k) { return static_cast<int>(k); }

// Every text an entry can be found by: the standard question and its phrasings.
std::vector<std::string> question_rows(const Entry& e) {
  std::vector<std::string> rows{e.question};
  rows.insert(rows.end(), e.phrasings.begin(), e.phrasings.end());
  return rows;
}

std::string answer_row(const Entry& e) {
  std::string text;
  for (const auto& c : e.cases) text += c.answer + " ";
  return text;
}

}  // namespace

std::string build_store(const KnowledgeBase& kb, const std::string& path) {
  Lexicon lexicon(kb.lexicon);
  Analyzer analyzer(lexicon);
  nlohmann::json lexicon_json = kb.lexicon;
  nlohmann::json entries_json = kb.entries;
  const std::string version = fnv1a_hex(lexicon_json.dump() + entries_json.dump());

  std::map<std::string, int> term_ids;
  std::vector<Term> term_list;
  std::vector<int> df;
  auto ids_of = [&](const std::string& text) {
    std::vector<int> ids;
    for (const auto& t : analyzer.terms(analyzer.analyze(text))) {
      auto [it, fresh] = term_ids.emplace(t.key, static_cast<int>(term_list.size()));
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
  {
    SQLite::Database db(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    register_fts5_tokenizer(db.getHandle());
    db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
    db.exec(
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE entries(idx INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, topic TEXT NOT NULL,"
        " json TEXT NOT NULL, terms TEXT NOT NULL, answer_terms TEXT NOT NULL);"
        "CREATE TABLE terms(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, kind INTEGER NOT NULL,"
        " weight REAL NOT NULL, df INTEGER NOT NULL);"
        "CREATE VIRTUAL TABLE docs USING fts5(text, terms, entry UNINDEXED, kind UNINDEXED,"
        " tokenize='yibao');");
    SQLite::Transaction tx(db);
    SQLite::Statement add_doc(db, "INSERT INTO docs(text, terms, entry, kind) VALUES (?, ?, ?, ?)");
    SQLite::Statement add_entry(db, "INSERT INTO entries(idx, id, topic, json, terms, answer_terms) VALUES (?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < kb.entries.size(); ++i) {
      const Entry& e = kb.entries[i];
      std::set<int> entry_terms;
      for (const auto& text : question_rows(e)) {
        auto ids = ids_of(text);
        entry_terms.insert(ids.begin(), ids.end());
        add_doc.bind(1, text);
        add_doc.bind(2, join_ids(ids));
        add_doc.bind(3, static_cast<int>(i));
        add_doc.bind(4, "q");
        add_doc.exec();
        add_doc.reset();
      }
      for (int id : entry_terms) ++df[static_cast<size_t>(id)];
      std::string answer = answer_row(e);
      auto answer_ids = ids_of(answer);
      std::sort(answer_ids.begin(), answer_ids.end());
      add_doc.bind(1, answer);
      add_doc.bind(2, join_ids(answer_ids));
      add_doc.bind(3, static_cast<int>(i));
      add_doc.bind(4, "a");
      add_doc.exec();
      add_doc.reset();
      add_entry.bind(1, static_cast<int>(i));
      add_entry.bind(2, e.id);
      add_entry.bind(3, e.topic);
      add_entry.bind(4, nlohmann::json(e).dump());
      add_entry.bind(5, join_ids(std::vector<int>(entry_terms.begin(), entry_terms.end())));
      add_entry.bind(6, join_ids(answer_ids));
      add_entry.exec();
      add_entry.reset();
    }
    SQLite::Statement add_term(db, "INSERT INTO terms(id, key, kind, weight, df) VALUES (?, ?, ?, ?, ?)");
    for (size_t id = 0; id < term_list.size(); ++id) {
      add_term.bind(1, static_cast<int>(id));
      add_term.bind(2, term_list[id].key);
      add_term.bind(3, kind_code(term_list[id].kind));
      add_term.bind(4, term_list[id].weight);
      add_term.bind(5, df[id]);
      add_term.exec();
      add_term.reset();
    }
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
  std::filesystem::rename(tmp, path);
  return version;
}

// --- reading -------------------------------------------------------------------------------------

struct Store::Connection {
  SQLite::Database db;
  SQLite::Statement search;
  explicit Connection(const std::string& path)
      : db(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX),
        search((register_fts5_tokenizer(db.getHandle()), db),
               "SELECT entry, kind, terms, bm25(docs, 1.0, 2.0), text FROM docs WHERE docs MATCH ? "
               "ORDER BY bm25(docs, 1.0, 2.0) LIMIT ?") {}
};

namespace {
std::atomic<uint64_t> next_serial{1};
}

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

  SQLite::Statement e(db, "SELECT idx, json, terms, answer_terms FROM entries ORDER BY idx");
  while (e.executeStep()) {
    StoredEntry se;
    se.entry = nlohmann::json::parse(e.getColumn(1).getString()).get<Entry>();
    se.term_ids = parse_ids(e.getColumn(2).getText());
    se.answer_term_ids = parse_ids(e.getColumn(3).getText());
    entry_by_id_[se.entry.id] = static_cast<int>(entries_.size());
    entries_.push_back(std::move(se));
  }
  SQLite::Statement t(db, "SELECT id, key, df, kind, weight FROM terms ORDER BY id");
  const double n = static_cast<double>(std::max<size_t>(entries_.size(), 1));
  while (t.executeStep()) {
    int id = t.getColumn(0).getInt();
    int df = t.getColumn(2).getInt();
    std::string key = t.getColumn(1).getString();
    terms_[key] = {id, df};
    if (term_keys_.size() <= static_cast<size_t>(id)) {
      term_keys_.resize(static_cast<size_t>(id) + 1);
      idf_.resize(static_cast<size_t>(id) + 1);
      kinds_.resize(static_cast<size_t>(id) + 1);
      weights_.resize(static_cast<size_t>(id) + 1);
    }
    weights_[static_cast<size_t>(id)] = t.getColumn(4).getDouble();
    kinds_[static_cast<size_t>(id)] = static_cast<TermKind>(t.getColumn(3).getInt());
    term_keys_[static_cast<size_t>(id)] = key;
    idf_[static_cast<size_t>(id)] = std::log(1.0 + n / std::max(df, 1));
  }
  unknown_idf_ = std::log(1.0 + n);
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

std::vector<Hit> Store::search(const std::string& match, int limit) const {
  std::vector<Hit> hits;
  if (match.empty()) return hits;
  Connection& c = connection();
  c.search.reset();
  c.search.bind(1, match);
  c.search.bind(2, limit);
  while (c.search.executeStep()) {
    Hit h;
    h.entry = c.search.getColumn(0).getInt();
    h.is_answer = c.search.getColumn(1).getString() == "a";
    h.term_ids = parse_ids(c.search.getColumn(2).getText());
    h.bm25 = c.search.getColumn(3).getDouble();
    h.text = c.search.getColumn(4).getString();
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace kb
