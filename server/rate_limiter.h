// Per-client token buckets: each client may make `burst` requests at once and `per_sec` a second
// on average; a request beyond that is refused (429) with the seconds until the next token.
//
// Memory is bounded: at most `max_clients` buckets, kept least recently used first per shard. A
// bucket idle long enough to be full again is the same as no bucket, so idle buckets are dropped
// first; only when every bucket is busy (a flood of distinct clients) is a busy one dropped, and
// that client starts again with a full bucket.
//
// Time is given by the caller (seconds on any monotonic clock), so tests need no clock.
//
// Thread-safety: acquire() may run on any number of threads; the buckets are in shards, each
// under its own mutex held for O(1) work.
#pragma once
#include <array>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace faq {

class RateLimiter {
 public:
  // per_sec <= 0: disabled (every request allowed). burst < 1 means 1.
  RateLimiter(double per_sec, double burst, size_t max_clients = 100000);
  bool enabled() const { return rate_ > 0; }
  // Takes a token for `client` at `now`. Nothing when allowed; otherwise whole seconds to wait (≥ 1).
  std::optional<int> acquire(const std::string& client, double now);
  size_t size() const;  // buckets held

 private:
  static constexpr size_t kShards = 16;
  struct Bucket {
    double tokens, last;
    std::list<std::string>::iterator order;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
    std::list<std::string> order;  // most recently used first
  };
  Bucket& bucket(Shard& shard, const std::string& client, double now);
  bool idle(const Bucket& b, double now) const { return now - b.last >= burst_ / rate_; }

  double rate_, burst_;
  size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace faq
