#include "kb/scoring.h"

#include <catch2/catch.hpp>

TEST_CASE("scoring: the defaults are usable and every parameter is described", "[scoring]") {
  kb::ScoringParams p;
  CHECK(p.problems().empty());
  const std::string d = p.describe();
  for (const char* key :
       {"threshold_floor", "scoring.rank_top", "scoring.candidate_budget", "scoring.elliptical_chars"})
    CHECK(d.find(key) != std::string::npos);
}

TEST_CASE("scoring: values that cannot work are problems", "[scoring]") {
  kb::ScoringParams p;
  p.direct = 0.2;  // below the floor
  CHECK_FALSE(p.problems().empty());
  p = {};
  p.candidate_budget = 100000;  // more than the score map holds
  CHECK_FALSE(p.problems().empty());
  p = {};
  p.floor = 1.5;
  CHECK_FALSE(p.problems().empty());
}
