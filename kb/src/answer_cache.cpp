#include "kb/answer_cache.h"

namespace kb {

AnswerCache::Value AnswerCache::get(const std::string& key) const {
  if (!enabled()) return nullptr;
  Shard& s = shard(key);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.map.find(key);
  if (it == s.map.end()) return nullptr;
  return it->second;
}

void AnswerCache::put(const std::string& key, Value value) {
  if (!enabled()) return;
  Shard& s = shard(key);
  std::lock_guard<std::mutex> lock(s.mu);
  auto [it, fresh] = s.map.try_emplace(key, std::move(value));
  if (!fresh) return;
  s.order.push_back(key);
  while (s.order.size() > per_shard_) {
    s.map.erase(s.order.front());
    s.order.pop_front();
  }
}

size_t AnswerCache::size() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.map.size();
  }
  return n;
}

}  // namespace kb
