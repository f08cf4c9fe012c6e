#include "rate_limiter.h"

#include <catch2/catch.hpp>

#include "trusted_proxies.h"

// Time is given to the limiter, so these tests need no clock and no idle machine.
TEST_CASE("token bucket: burst, then the rate, with Retry-After", "[server][limits]") {
  faq::RateLimiter limiter(2, 3);  // 2 a second, 3 at once
  double t = 1000;
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.acquire("a", t));
  auto wait = limiter.acquire("a", t);
  REQUIRE(wait);
  CHECK(*wait == 1);                                                       // half a second to a token, rounded up
  CHECK_FALSE(limiter.acquire("b", t));                                    // another client has its own bucket
  CHECK_FALSE(limiter.acquire("a", t + 0.5));                              // one token back after 0.5 s
  CHECK(limiter.acquire("a", t + 0.5));                                    // and no more
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.acquire("a", t + 100));  // full again, not more
  CHECK(limiter.acquire("a", t + 100));
  CHECK(limiter.acquire("a", t + 99));  // a clock that steps back gives nothing
}

TEST_CASE("token bucket: a slow rate gives a long Retry-After", "[server][limits]") {
  faq::RateLimiter limiter(0.25, 1);  // one request per 4 s (binary fractions: exact arithmetic)
  CHECK_FALSE(limiter.acquire("a", 0));
  CHECK(limiter.acquire("a", 0) == 4);
  CHECK(limiter.acquire("a", 1) == 3);  // a refused request takes nothing: 3 s remain
  CHECK(limiter.acquire("a", 3.5) == 1);
  CHECK_FALSE(limiter.acquire("a", 4));
}

TEST_CASE("token bucket: disabled at rate 0", "[server][limits]") {
  faq::RateLimiter off(0, 0);
  CHECK_FALSE(off.enabled());
  for (int i = 0; i < 1000; ++i) CHECK_FALSE(off.acquire("a", 0));
  CHECK(off.size() == 0);
}

TEST_CASE("token bucket: memory bounded; idle buckets go first", "[server][limits]") {
  faq::RateLimiter limiter(1, 1, /*max_clients=*/160);  // 16 shards of 10
  for (int i = 0; i < 10000; ++i) limiter.acquire("client-" + std::to_string(i), 0);
  CHECK(limiter.size() <= 160);
  // A flood of distinct clients evicts busy buckets: an evicted client starts full again.
  // Idle buckets (full again after burst/rate = 1 s) are dropped as new clients arrive.
  faq::RateLimiter idle(1, 1, 1600);
  for (int i = 0; i < 100; ++i) idle.acquire("old-" + std::to_string(i), 0);
  for (int i = 0; i < 100; ++i) idle.acquire("new-" + std::to_string(i), 10);
  CHECK(idle.size() < 150);  // the idle old buckets went (all but those of shards no new client reached)
}

TEST_CASE("trusted proxies: X-Forwarded-For only from them", "[server][limits]") {
  const faq::TrustedProxies none;
  CHECK(none.client("203.0.113.9", "198.51.100.1") == "203.0.113.9");
  const faq::TrustedProxies proxies("127.0.0.1, 10.0.0.0/8, ::1");
  CHECK(proxies.contains("10.1.2.3"));
  CHECK_FALSE(proxies.contains("11.1.2.3"));
  CHECK(proxies.contains("::1"));
  CHECK(proxies.client("127.0.0.1", "198.51.100.1") == "198.51.100.1");
  CHECK(proxies.client("127.0.0.1", "") == "127.0.0.1");
  CHECK(proxies.client("203.0.113.9", "198.51.100.1") == "203.0.113.9");  // not from a proxy: ignored
  // The nearest untrusted hop, whatever the client wrote to the left of it.
  CHECK(proxies.client("127.0.0.1", "1.1.1.1, 198.51.100.1, 10.0.0.5") == "198.51.100.1");
  CHECK(proxies.client("127.0.0.1", "garbage") == "127.0.0.1");
  CHECK_THROWS_WITH(faq::TrustedProxies("10.0.0.0/33"), Catch::Contains("10.0.0.0/33"));
  CHECK_THROWS_WITH(faq::TrustedProxies("proxy.local"), Catch::Contains("proxy.local"));
  CHECK(faq::TrustedProxies("2001:db8::/32").contains("2001:db8::7"));
}
