#include "question_log.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace faq {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS questions(
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,          -- unix milliseconds
  channel TEXT NOT NULL,          -- api, http, widget, console, wechat …
  question TEXT NOT NULL,         -- redacted
  topic TEXT, entry TEXT, verdict TEXT,
  outcome TEXT,                   -- answered | suggested | out_of_scope
  confidence REAL, latency_ms REAL, kb_version TEXT,
  conversation TEXT,              -- pseudonym of the conversation
  turn TEXT);                     -- pseudonym of the context this answer carried
CREATE INDEX IF NOT EXISTS questions_time ON questions(time);
CREATE TABLE IF NOT EXISTS feedback(
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  rating TEXT NOT NULL,
  comment TEXT,                   -- redacted
  entry TEXT, topic TEXT, kb_version TEXT,
  turn TEXT);                     -- the rated answer (questions.turn)
CREATE INDEX IF NOT EXISTS feedback_time ON feedback(time);
)sql";

// A channel name as given by a client: lower-case letters, digits, '_' and '-', at most 32; any
// other text (which could carry anything at all) is recorded as "other".
std::string clean_channel(const std::string& channel) {
  if (channel.empty()) return "api";
  if (channel.size() > 32) return "other";
  for (char c : channel)
    if (!((c >= 'a' && c <= 'z') || c == '_' || c == '-')) return "other";
  return channel;
}

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Fills question, channel and context_in from the raw body of a cached answer.
void read_body(QuestionRecord& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    r.question = string_field(j, "question");
    if (r.channel.empty()) r.channel = string_field(j, "channel");
    r.context_in = string_field(j, "context");
  }
  r.body.clear();
}

SQLite::Database open_database(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, /*busy_timeout_ms=*/5000);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");  // WAL: durable up to the last checkpoint, never corrupt
  db.exec(kSchema);
  return db;
}

uint64_t hex_bits(const std::string& hex) { return std::strtoull(hex.c_str(), nullptr, 16); }

std::string bits_hex(uint64_t bits) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, bits >>= 4) out[static_cast<size_t>(i)] = digits[bits & 15];
  return out;
}

// The conversations of recent answers, by the answer's turn: a follow-up joins its conversation.
// Bounded, oldest first out. (An index on questions.turn did this from the database, and made
// each insert three times slower.)
class RecentTurns {
 public:
  explicit RecentTurns(size_t capacity) : ring_(capacity) {}
  const uint64_t* find(uint64_t turn) const {
    auto it = conversation_.find(turn);
    return it == conversation_.end() ? nullptr : &it->second;
  }
  void put(uint64_t turn, uint64_t conversation) {
    if (conversation_.size() >= ring_.size()) conversation_.erase(ring_[next_]);
    ring_[next_] = turn;
    next_ = (next_ + 1) % ring_.size();
    conversation_[turn] = conversation;
  }

 private:
  std::vector<uint64_t> ring_;  // turns in the order they were put
  size_t next_ = 0;
  std::unordered_map<uint64_t, uint64_t> conversation_;
};

}  // namespace

struct QuestionLog::Writer {
  Writer(const QuestionLogOptions& o, const QuestionLog& log);
  // Writes a batch in one transaction; returns how many records were lost (all, on failure).
  size_t write(std::vector<Item>& batch);
  void prune(int retention_days);

 private:
  std::string conversation_of(const QuestionRecord& r, const std::string& turn);
  void insert(QuestionRecord& r);
  void insert(FeedbackRecord& f);

  const QuestionLog& log_;
  SQLite::Database db_;
  SQLite::Statement question_, feedback_;
  RecentTurns recent_{200000};
};

QuestionLog::Writer::Writer(const QuestionLogOptions& o, const QuestionLog& log)
    : log_(log),
      db_(open_database(o.path)),
      question_(db_,
                "INSERT INTO questions(time, channel, question, topic, entry, verdict, outcome, confidence, "
                "latency_ms, kb_version, conversation, turn) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
      feedback_(db_,
                "INSERT INTO feedback(time, rating, comment, entry, topic, kb_version, turn) VALUES (?,?,?,?,?,?,?)") {}

std::string QuestionLog::Writer::conversation_of(const QuestionRecord& r, const std::string& turn) {
  std::string conversation = r.conversation;                              // given by the channel (WeChat)
  if (conversation.empty() && r.context_in.empty()) conversation = turn;  // a first question: named by its answer
  if (conversation.empty()) {
    const std::string parent = log_.pseudonym(r.context_in);
    const uint64_t* known = recent_.find(hex_bits(parent));
    // Unknown (answered long ago, before a restart or by another replica): the previous turn names it.
    conversation = known ? bits_hex(*known) : parent;
  }
  recent_.put(hex_bits(turn), hex_bits(conversation));
  return conversation;
}

void QuestionLog::Writer::insert(QuestionRecord& r) {
  if (!r.body.empty()) read_body(r);
  const std::string turn = log_.pseudonym(r.context_out);
  const std::string conversation = conversation_of(r, turn);
  question_.reset();
  question_.bind(1, r.time_ms);
  question_.bind(2, clean_channel(r.channel));
  question_.bind(3, log_.options_.redactor->redact(r.question));
  question_.bind(4, r.facts.topic);
  question_.bind(5, r.facts.entry_id);
  question_.bind(6, r.facts.verdict);
  question_.bind(7, r.facts.outcome);
  question_.bind(8, r.facts.confidence);
  question_.bind(9, r.latency_ms);
  question_.bind(10, r.kb_version);
  question_.bind(11, conversation);
  question_.bind(12, turn);
  question_.exec();
}

void QuestionLog::Writer::insert(FeedbackRecord& f) {
  feedback_.reset();
  feedback_.bind(1, f.time_ms);
  feedback_.bind(2, f.rating);
  feedback_.bind(3, log_.options_.redactor->redact(f.comment));
  feedback_.bind(4, f.entry_id);
  feedback_.bind(5, f.topic);
  feedback_.bind(6, f.kb_version);
  feedback_.bind(7, log_.pseudonym(f.context));
  feedback_.exec();
}

size_t QuestionLog::Writer::write(std::vector<Item>& batch) {
  try {
    SQLite::Transaction tx(db_);
    for (auto& item : batch) std::visit([this](auto& r) { insert(r); }, item);
    tx.commit();
    return 0;
  } catch (const std::exception& e) {
    spdlog::error("question log: {} records lost: {}", batch.size(), e.what());
    return batch.size();
  }
}

void QuestionLog::Writer::prune(int retention_days) {
  if (retention_days <= 0) return;
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  const int64_t cutoff = now_ms - static_cast<int64_t>(retention_days) * 86400 * 1000;
  try {
    for (const char* table : {"questions", "feedback"}) {
      SQLite::Statement del(db_, std::string("DELETE FROM ") + table + " WHERE time < ?");
      del.bind(1, cutoff);
      del.exec();
    }
  } catch (const std::exception& e) { spdlog::error("question log: pruning failed: {}", e.what()); }
}

QuestionLog::QuestionLog(QuestionLogOptions options) : options_(std::move(options)), hmac_(options_.pseudonym_key) {
  if (!options_.redactor) throw std::runtime_error("question log: no redactor");
  try {
    const auto parent = std::filesystem::path(options_.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    writer_ = std::make_unique<Writer>(options_, *this);
  } catch (const std::exception& e) {
    throw std::runtime_error("question log " + options_.path + " cannot be used: " + e.what());
  }
  thread_ = std::thread([this] { run(); });
}

QuestionLog::~QuestionLog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void QuestionLog::push(Item item) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() >= options_.queue_capacity) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(item));
    ++queued_;
  }
  wake_.notify_one();
}

void QuestionLog::record(QuestionRecord r) { push(std::move(r)); }
void QuestionLog::feedback(FeedbackRecord f) { push(std::move(f)); }

std::string QuestionLog::pseudonym(std::string_view text) const {
  static const char* hex = "0123456789abcdef";
  const auto mac = hmac_.mac(text);
  std::string out;
  for (int i = 0; i < 8; ++i) (out += hex[mac[i] >> 4]) += hex[mac[i] & 15];
  return out;
}

uint64_t QuestionLog::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

bool QuestionLog::flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t target = queued_;
  wake_.notify_one();
  return done_.wait_for(lock, timeout, [&] { return finished_ >= target; });
}

void QuestionLog::run() {
  std::vector<Item> batch;
  // Prune once at start, before anything else: a log stopped at once (a server that fails to start,
  // the unit test) must still have pruned; inside the loop a stop could come first.
  writer_->prune(options_.retention_days);
  auto next_prune = std::chrono::steady_clock::now() + options_.prune_every;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_until(lock, next_prune, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      batch.swap(queue_);  // the queue keeps the batch's capacity: no allocation under the lock
    }
    const size_t lost = batch.empty() ? 0 : writer_->write(batch);
    {
      std::lock_guard<std::mutex> lock(mu_);
      finished_ += batch.size();
      dropped_ += lost;
    }
    done_.notify_all();
    batch.clear();
    if (std::chrono::steady_clock::now() >= next_prune) {
      writer_->prune(options_.retention_days);
      next_prune = std::chrono::steady_clock::now() + options_.prune_every;
    }
  }
}

}  // namespace faq
