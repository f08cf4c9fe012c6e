// The question log: what residents asked and how it was answered, and their feedback, in a SQLite
// database of its own (WAL mode), for the editors' report (report.h).
//
// Off the request path: record() and feedback() put a record on a bounded queue and return at
// once; one writer thread takes everything queued, redacts it, and writes it in one transaction.
// A full queue drops the record and counts it (dropped()); an answer never waits for the disk.
//
// Personal data: questions and comments are redacted (redactor.h) before they are written; a
// /v1/ask body the server did not parse (a cached answer) is parsed here, and only its redacted
// question is kept. Conversations are named by pseudonyms, keyed hashes that the log cannot turn
// back into what they hash: a WeChat user by pseudonym(user) (never the OpenID), an HTTP
// conversation by chaining contexts: each answer's `turn` is pseudonym(context it carries), and a
// question that sends that context back continues the conversation of the answer it came from
// (the writer remembers the last 200,000 turns; a follow-up to an older answer, or to one another
// replica gave, is named by the turn it continues). Feedback names the answer by its turn, so the
// report can show the question it was about.
//
// Retention: rows older than `retention_days` are deleted at start and every `prune_every`.
//
// Thread-safety: record(), feedback(), pseudonym(), dropped() and flush() may be called from any
// thread; the database is touched by the writer thread only (and by the constructor before it).
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "answer_cache.h"
#include "kb/hmac.h"
#include "redactor.h"

namespace faq {

struct QuestionRecord {
  int64_t time_ms = 0;  // unix time
  std::string channel;  // empty: the body's "channel" field, else "api"
  std::string question;
  std::string body;  // the raw /v1/ask body when the question was not parsed (then question is empty)
  std::string context_in, context_out;
  std::string conversation;  // a pseudonym given by the channel (WeChat), or empty: chained by context
  AnswerFacts facts;
  std::string kb_version;
  double latency_ms = 0;
};

struct FeedbackRecord {
  int64_t time_ms = 0;
  std::string rating, comment;
  std::string context;  // the rated answer's context (names its turn)
  std::string entry_id, topic, kb_version;
};

struct QuestionLogOptions {
  std::string path;
  int retention_days = 90;  // 0: keep everything
  size_t queue_capacity = 10000;
  std::string pseudonym_key;  // keys the hashes (derived from the context secret)
  std::shared_ptr<const Redactor> redactor;
  std::chrono::seconds prune_every{3600};
};

class QuestionLog {
 public:
  // Opens (creates) the database; throws std::runtime_error when it cannot be used.
  explicit QuestionLog(QuestionLogOptions options);
  ~QuestionLog();  // writes what is queued, then stops
  QuestionLog(const QuestionLog&) = delete;
  QuestionLog& operator=(const QuestionLog&) = delete;

  void record(QuestionRecord r);  // never blocks on the disk; dropped (and counted) when full
  void feedback(FeedbackRecord f);
  // A keyed hash of `text` (16 hex digits): stable for one key, and not `text`.
  std::string pseudonym(std::string_view text) const;
  uint64_t dropped() const;
  // Waits until everything queued before the call is written (or dropped), at most `timeout`.
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  const std::string& path() const { return options_.path; }

 private:
  using Item = std::variant<QuestionRecord, FeedbackRecord>;
  struct Writer;  // the database side, owned by the writer thread
  void push(Item item);
  void run();

  QuestionLogOptions options_;
  kb::PrekeyedHmacSha256 hmac_;
  std::unique_ptr<Writer> writer_;
  mutable std::mutex mu_;
  std::condition_variable wake_, done_;
  std::vector<Item> queue_;
  uint64_t queued_ = 0, finished_ = 0, dropped_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace faq
