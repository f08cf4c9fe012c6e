// A bounded cache of serialised answers. Real traffic repeats ("医保余额怎么查" many times an hour),
// so the HTTP layer may answer a repeated request from here. Keyed by the normalised question, the
// region, the format and the effective date, inside one store version: a cache belongs to one
// Store, and a new store (new kb_version) gets a new cache, so it can never serve stale rules.
//
// Thread-safety: sharded; each shard has its own mutex. Eviction is first-in-first-out per shard,
// which keeps memory bounded at `capacity` answers without per-hit bookkeeping.
#pragma once
#include <array>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace kb {

class AnswerCache {
 public:
  explicit AnswerCache(size_t capacity) : per_shard_(capacity / kShards + (capacity % kShards ? 1 : 0)) {}
  bool enabled() const { return per_shard_ > 0; }
  std::optional<std::string> get(const std::string& key) const;
  void put(const std::string& key, std::string value);
  size_t size() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, std::string> map;
    std::deque<std::string> order;
  };
  Shard& shard(const std::string& key) const { return shards_[std::hash<std::string>{}(key) % kShards]; }
  size_t per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace kb
