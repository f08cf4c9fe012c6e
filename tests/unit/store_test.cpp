#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "fixture.h"

TEST_CASE("store: build is atomic and records its version", "[store]") {
  std::string path = test::temp_path("faq-build");
  std::string v1 = kb::build_store(test::knowledge_base(), path);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  kb::Store s(path);
  CHECK(s.kb_version() == v1);
  CHECK(s.entry_count() == test::knowledge_base().entries.size());
  // Same content, same version.
  CHECK(kb::build_store(test::knowledge_base(), path) == v1);
  std::filesystem::remove(path);
}

TEST_CASE("store: a missing store is a clear error", "[store]") {
  CHECK_THROWS_WITH(kb::Store("/nonexistent/faq.db"), Catch::Contains("store not found"));
  CHECK_THROWS_AS(kb::Store("/nonexistent/faq.db"), kb::StoreError);
}

TEST_CASE("store: a store of another schema or a damaged one is refused with a clear error", "[store]") {
  std::string path = test::temp_path("faq-schema");
  kb::build_store(test::knowledge_base(), path);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  }
  CHECK_THROWS_WITH(kb::Store(path), Catch::Contains("rebuild it with the indexer"));
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE meta SET value = '6' WHERE key = 'schema_version'");
    db.exec("UPDATE meta SET value = '{' WHERE key = 'messages'");
  }
  CHECK_THROWS_AS(kb::Store(path), kb::StoreError);
  std::filesystem::remove(path);
  std::filesystem::path garbage = test::temp_path("faq-garbage");
  FILE* f = fopen(garbage.c_str(), "w");
  fputs("not a database at all", f);
  fclose(f);
  CHECK_THROWS_AS(kb::Store(garbage.string()), kb::StoreError);
  std::filesystem::remove(garbage);
}

TEST_CASE("store: topics and their entry counts come from the data", "[store]") {
  const auto& s = test::store();
  auto counts = s.topic_counts();
  CHECK(counts.size() == s.topics().size());
  CHECK(counts.at("family_sharing_eligibility") > 0);
  CHECK(s.out_of_scope_topic() == "out_of_scope");
  REQUIRE(s.topic("balance_query"));
  CHECK(s.topic("balance_query")->procedural);
  CHECK_FALSE(s.topic("no_such_topic"));
  CHECK_FALSE(s.messages().clarify_question("relation").empty());
}
