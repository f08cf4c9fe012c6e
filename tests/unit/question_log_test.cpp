#include "question_log.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "fixture.h"

namespace {

faq::QuestionLogOptions options(const std::string& path, size_t queue = 1000) {
  faq::QuestionLogOptions o;
  o.path = path;
  o.queue_capacity = queue;
  o.pseudonym_key = "unit-test key";
  o.redactor =
      std::make_shared<const faq::Redactor>(faq::parse_redaction_rules(faq::builtin_redaction_yaml(), "built-in"));
  return o;
}

faq::QuestionRecord asked(std::string question, std::string context_in, std::string context_out) {
  faq::QuestionRecord r;
  r.time_ms = 1'800'000'000'000;
  r.question = std::move(question);
  r.context_in = std::move(context_in);
  r.context_out = std::move(context_out);
  r.facts = {"balance_query", "bq-overview", "info", "answered", 0.9};
  r.kb_version = "v1";
  return r;
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

}  // namespace

TEST_CASE("question log: redacted, pseudonymous, conversations chained", "[server][question_log]") {
  const std::string path = test::temp_path("qlog-chain");
  remove_db(path);
  {
    faq::QuestionLog log(options(path));
    log.record(asked("我叫张三，手机13812345678，余额怎么查", "", "ctx-1"));
    log.record(asked("那支付宝呢", "ctx-1", "ctx-2"));      // a follow-up of the first answer
    log.record(asked("微信呢", "ctx-2", "ctx-3"));          // and of the second
    log.record(asked("公积金呢", "ctx-unknown", "ctx-4"));  // its previous turn is not in the log
    faq::QuestionRecord cached;                             // a cached answer: the writer reads the body
    cached.time_ms = 1'800'000'000'000;
    cached.body = R"({"question":"身份证110105194912310021丢了","channel":"widget"})";
    cached.context_out = "ctx-5";
    log.record(cached);
    faq::QuestionRecord odd = asked("x", "", "ctx-6");
    odd.channel = "13812345678";  // a channel is a word, never free text
    log.record(odd);
    faq::FeedbackRecord f;
    f.time_ms = 1'800'000'000'000;
    f.rating = "down";
    f.comment = "我电话13912345678";
    f.context = "ctx-2";
    f.entry_id = "bq-overview";
    log.feedback(f);
    REQUIRE(log.flush());
    CHECK(log.dropped() == 0);
  }
  SQLite::Database db(path);
  SQLite::Statement q(db, "SELECT question, channel, conversation, turn FROM questions ORDER BY id");
  std::vector<std::vector<std::string>> rows;
  while (q.executeStep())
    rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                    q.getColumn(3).getString()});
  REQUIRE(rows.size() == 6);
  CHECK(rows[0][0] == "我叫[姓名]，手机[手机号]，余额怎么查");
  CHECK(rows[0][1] == "api");
  CHECK(rows[0][2] == rows[0][3]);  // a first question is named by its answer's turn
  CHECK(rows[1][2] == rows[0][2]);  // the follow-ups join it
  CHECK(rows[2][2] == rows[0][2]);
  CHECK(rows[3][2] != rows[0][2]);
  CHECK(rows[3][2].size() == 16);
  CHECK(rows[4][0] == "身份证[身份证号]丢了");
  CHECK(rows[4][1] == "widget");
  CHECK(rows[5][1] == "other");
  for (const auto& r : rows) CHECK(r[3].find("ctx") == std::string::npos);  // contexts are not stored
  SQLite::Statement fb(db, "SELECT f.comment, q.question FROM feedback f JOIN questions q ON q.turn = f.turn");
  REQUIRE(fb.executeStep());
  CHECK(fb.getColumn(0).getString() == "我电话[手机号]");
  CHECK(fb.getColumn(1).getString() == "那支付宝呢");  // the rating names the answer it was about
  remove_db(path);
}

TEST_CASE("question log: a full queue drops and counts, never blocks", "[server][question_log]") {
  const std::string path = test::temp_path("qlog-drop");
  remove_db(path);
  faq::QuestionLog log(options(path, /*queue=*/0));
  for (int i = 0; i < 100; ++i) log.record(asked("q", "", "c" + std::to_string(i)));
  CHECK(log.dropped() == 100);
  remove_db(path);
}

TEST_CASE("question log: rows older than the retention are pruned", "[server][question_log]") {
  const std::string path = test::temp_path("qlog-prune");
  remove_db(path);
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  {
    faq::QuestionLog log(options(path));
    faq::QuestionRecord old = asked("old", "", "a"), recent = asked("recent", "", "b");
    old.time_ms = now_ms - 100LL * 86400 * 1000;
    recent.time_ms = now_ms - 1LL * 86400 * 1000;
    log.record(old);
    log.record(recent);
    REQUIRE(log.flush());
  }
  auto o = options(path);
  o.retention_days = 30;
  { faq::QuestionLog pruned(o); }  // prunes when it starts
  SQLite::Database db(path);
  CHECK(db.execAndGet("SELECT group_concat(question) FROM questions").getString() == "recent");
  remove_db(path);
}

TEST_CASE("question log: an unusable path is refused at start", "[server][question_log]") {
  CHECK_THROWS_WITH(faq::QuestionLog(options("/proc/no/such/dir/q.db")), Catch::Contains("/proc/no/such/dir/q.db"));
}
