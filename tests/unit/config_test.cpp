#include "config.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fixture.h"

namespace {
faq::Config load(std::vector<std::string> args) {
  args.insert(args.begin(), "faq-server");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return faq::load_config(static_cast<int>(argv.size()), argv.data());
}
}  // namespace

TEST_CASE("config: defaults < file < environment < flags, scoring included", "[config]") {
  const std::string path = test::temp_path("faq-config");
  std::ofstream(path) << "port: 9001\nthreads: 7\nscoring:\n  rank_top: 32\n  slot_bonus_max: 0.2\n";
  ::setenv("FAQ_THREADS", "9", 1);
  ::setenv("FAQ_SCORING_SLOT_BONUS_MAX", "0.3", 1);
  auto c = load({"--config", path, "--scoring.slot_bonus_max", "0.4"});
  ::unsetenv("FAQ_THREADS");
  ::unsetenv("FAQ_SCORING_SLOT_BONUS_MAX");
  std::filesystem::remove(path);
  CHECK(c.port == 9001);                                // file
  CHECK(c.threads == 9);                                // environment over file
  CHECK(c.scoring.rank_top == 32);                      // nested file key
  CHECK(c.scoring.slot_bonus_max == 0.4);               // flag over environment
  CHECK(c.scoring.floor == kb::ScoringParams{}.floor);  // default
}

TEST_CASE("config: bad values are refused with the setting's name", "[config]") {
  CHECK_THROWS_WITH(load({"--config", "/dev/null", "--port", "70000"}), Catch::Contains("port"));
  CHECK_THROWS_WITH(load({"--config", "/dev/null", "--threads", "x"}), Catch::Contains("threads"));
  CHECK_THROWS_WITH(load({"--config", "/dev/null", "--cache-entries", "-1"}), Catch::Contains("negative"));
  CHECK_THROWS_WITH(load({"--config", "/dev/null", "--no-such-setting", "1"}), Catch::Contains("unknown setting"));
  CHECK_THROWS_WITH(load({"--config", "/dev/null", "--context-secret", "short"}), Catch::Contains("32 bytes"));
  CHECK_THROWS_WITH(load({"--config", "/dev/null", "--threshold-direct", "0.1"}), Catch::Contains("scoring.direct"));
  CHECK_THROWS_WITH(load({"--config", "/nonexistent.yaml"}), Catch::Contains("not found"));
}

TEST_CASE("config: a secret is drawn when none is set, and printing masks secrets", "[config]") {
  auto drawn = load({"--config", "/dev/null"});
  CHECK(drawn.context_secret_drawn);
  CHECK(drawn.context_secret.size() == 32);
  auto set = load({"--config", "/dev/null", "--context-secret", std::string(40, 's'), "--wechat.token", "tok",
                   "--wechat.mode", "plaintext", "--print-config"});
  CHECK(set.print_config);
  CHECK_FALSE(set.context_secret_drawn);
  const std::string printed = faq::describe(set);
  CHECK(printed.find(std::string(40, 's')) == std::string::npos);
  CHECK(printed.find("tok\n") == std::string::npos);
  CHECK(printed.find("context_secret: (set)") != std::string::npos);
  CHECK(printed.find("scoring.rank_top: 64") != std::string::npos);
}
