#include "expiring_map.h"

#include <catch2/catch.hpp>

TEST_CASE("expiring map: entries expire in time order", "[server]") {
  faq::ExpiringMap<int> m(10, 100);
  m.put("a", 1, 100);
  m.put("b", 2, 105);
  REQUIRE(m.find("a", 109));
  CHECK(*m.find("a", 109) == 1);
  CHECK_FALSE(m.find("a", 110));  // 10 s after it was put
  CHECK(m.find("b", 110));
  CHECK_FALSE(m.find("b", 115));
  CHECK(m.size() == 0);
}

TEST_CASE("expiring map: a replaced key lives from its new time", "[server]") {
  faq::ExpiringMap<int> m(10, 100);
  m.put("a", 1, 100);
  m.put("a", 2, 108);
  REQUIRE(m.find("a", 112));  // the first record expired; the replacement did not
  CHECK(*m.find("a", 112) == 2);
  CHECK_FALSE(m.find("a", 118));
}

TEST_CASE("expiring map: the cap holds whatever the traffic, oldest first", "[server]") {
  faq::ExpiringMap<std::string> m(3600, 1000);
  for (int i = 0; i < 100000; ++i) m.put("key" + std::to_string(i), "value", 100);
  CHECK(m.size() == 1000);
  CHECK_FALSE(m.find("key0", 100));
  CHECK(m.find("key99999", 100));
  // Replacing one key again and again leaves stale queue records; they are bounded too.
  for (int i = 0; i < 100000; ++i) m.put("same", "value", 100);
  CHECK(m.size() <= 1000);
  CHECK(m.find("same", 100));
}
