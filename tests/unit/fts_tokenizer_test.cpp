#include "kb/fts_tokenizer.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

TEST_CASE("store: per-character tokenizer finds two-character words inside longer runs", "[store]") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  kb::register_fts5_tokenizer(db.getHandle());
  db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='yibao')");
  db.exec("INSERT INTO t(x) VALUES ('醫保卡餘額怎麼查詢'), ('APP上查12333')");
  auto count = [&](const char* match) {
    SQLite::Statement q(db, "SELECT count(*) FROM t WHERE t MATCH ?");
    q.bind(1, match);
    q.executeStep();
    return q.getColumn(0).getInt();
  };
  CHECK(count("\"医保\"") == 1);  // unicode61 would find nothing here
  CHECK(count("\"余额\"") == 1);  // traditional text was simplified at index time
  CHECK(count("\"保卡余\"") == 1);
  CHECK(count("\"app\"") == 1);  // ASCII runs are whole tokens, case-folded
  CHECK(count("\"12333\"") == 1);
  CHECK(count("\"1233\"") == 0);
}
