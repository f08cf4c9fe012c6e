#include "answer_cache.h"

#include <openssl/sha.h>

namespace faq {

std::string AnswerCache::stored_key(const std::string& key) {
  if (key.size() <= kMaxKeyBytes) return key;
  // A marker byte no short key starts with (keys begin with a letter), then the raw digest.
  std::string out(1 + SHA256_DIGEST_LENGTH, '\x01');
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), reinterpret_cast<unsigned char*>(&out[1]));
  return out;
}

AnswerCache::Value AnswerCache::get(const std::string& long_key) const {
  if (!enabled()) return nullptr;
  const std::string key = stored_key(long_key);
  Shard& s = shard(key);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.map.find(key);
  if (it == s.map.end()) return nullptr;
  return it->second;
}

void AnswerCache::put(const std::string& long_key, Value value) {
  if (!enabled()) return;
  const std::string key = stored_key(long_key);
  Shard& s = shard(key);
  Value evicted;  // freed after the lock is released: an answer is kilobytes of strings
  {
    std::lock_guard<std::mutex> lock(s.mu);
    auto [it, fresh] = s.map.try_emplace(key, std::move(value));
    if (!fresh) return;
    s.order.push_back(key);
    if (s.order.size() > per_shard_) {
      auto old = s.map.find(s.order.front());
      evicted = std::move(old->second);
      s.map.erase(old);
      s.order.pop_front();
    }
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

}  // namespace faq
