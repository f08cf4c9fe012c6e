// A bounded cache of serialised answers. Real traffic repeats ("医保余额怎么查" many times an hour),
// so the HTTP layer may answer a repeated request from here. Keyed by the request (the body as
// sent, the question as sent, or the normalised question, each with the region, format and
// effective date), inside one store version: a cache belongs to one Store, and a new store (new
// kb_version) gets a new cache, so it can never serve stale rules.
//
// Memory: keys longer than kMaxKeyBytes are kept as their SHA-256 digest. A question that NFKC
// normalisation expands (one code point can become 18) made keys 18 times the question: 6,000
// such questions took the process from 24 to 203 MB. Values are answers, bounded by the entries.
//
// Thread-safety: sharded; each shard has its own mutex. Values are immutable and shared, so a hit
// copies a pointer, not the answer, under the lock. Eviction is first-in-first-out per shard, which
// keeps memory bounded at `capacity` keys without per-hit bookkeeping.
#pragma once
#include <array>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace faq {

// What an answer was, for the metrics and the question log: labels and ids, no personal data.
struct AnswerFacts {
  std::string topic, entry_id, verdict;
  std::string outcome;  // answered | suggested (answer + "你是不是想问") | out_of_scope
  double confidence = 0;
};

// One answer as served many times: the JSON body without its closing brace (the conversation
// context, which carries a timestamp, is added per response) and the context's fixed part.
struct CachedAnswer {
  std::string body_open;
  std::string context_prefix;  // ContextCodec::payload_prefix of the answer's state
  AnswerFacts facts;
};

class AnswerCache {
 public:
  using Value = std::shared_ptr<const CachedAnswer>;
  explicit AnswerCache(size_t capacity) : per_shard_(capacity / kShards + (capacity % kShards ? 1 : 0)) {}
  bool enabled() const { return per_shard_ > 0; }
  Value get(const std::string& key) const;  // null when absent
  void put(const std::string& key, Value value);
  size_t size() const;
  // What is kept for a key: the key itself, or its SHA-256 digest when longer than kMaxKeyBytes.
  static constexpr size_t kMaxKeyBytes = 64;
  static std::string stored_key(const std::string& key);

 private:
  static constexpr size_t kShards = 64;  // a thread per connection: 64 and more contend
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Value> map;
    std::deque<std::string> order;
  };
  Shard& shard(const std::string& key) const { return shards_[std::hash<std::string>{}(key) % kShards]; }
  size_t per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace faq
