#include "rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace faq {

RateLimiter::RateLimiter(double per_sec, double burst, size_t max_clients)
    : rate_(per_sec), burst_(std::max(1.0, burst)), per_shard_(std::max<size_t>(1, max_clients / kShards)) {}

RateLimiter::Bucket& RateLimiter::bucket(Shard& shard, const std::string& client, double now) {
  auto it = shard.buckets.find(client);
  if (it != shard.buckets.end()) {
    shard.order.splice(shard.order.begin(), shard.order, it->second.order);  // now the most recent
    return it->second;
  }
  // Room for a new client: idle buckets (full again) go first, then, if need be, the least recent.
  while (!shard.order.empty() &&
         (shard.buckets.size() >= per_shard_ || idle(shard.buckets.at(shard.order.back()), now))) {
    shard.buckets.erase(shard.order.back());
    shard.order.pop_back();
  }
  shard.order.push_front(client);
  return shard.buckets.emplace(client, Bucket{burst_, now, shard.order.begin()}).first->second;
}

std::optional<int> RateLimiter::acquire(const std::string& client, double now) {
  if (!enabled()) return std::nullopt;
  Shard& shard = shards_[std::hash<std::string>{}(client) % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  Bucket& b = bucket(shard, client, now);
  // Time never runs backwards for a bucket (a caller's clocks may differ by a little).
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, now - b.last) * rate_);
  b.last = std::max(b.last, now);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

size_t RateLimiter::size() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace faq
