#include "kb/dates.h"

#include <catch2/catch.hpp>

TEST_CASE("dates: only real dates in YYYY-MM-DD", "[dates]") {
  for (const char* good : {"2021-04-13", "2024-02-29", "2000-02-29", "1999-12-31"}) CHECK(kb::is_iso_date(good));
  for (const char* bad : {"", "2021-4-13", "2021-13-01", "2021-00-10", "2021-02-29", "1900-02-29", "2021-04-31",
                          "2021-04-00", "2021/04/13", "20210413", "2021-04-13x", "２０２１-04-13"})
    CHECK_FALSE(kb::is_iso_date(bad));
}

TEST_CASE("dates: a rule is in force from its first day until the day it ends", "[dates]") {
  CHECK(kb::in_force("", "", "2024-01-01"));
  CHECK(kb::in_force("2021-04-13", "", "2021-04-13"));
  CHECK_FALSE(kb::in_force("2021-04-13", "", "2021-04-12"));
  CHECK_FALSE(kb::in_force("", "2025-01-01", "2025-01-01"));  // effective_to is exclusive
  CHECK(kb::is_iso_date(kb::today_iso()));
}
