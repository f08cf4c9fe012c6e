// A map whose entries expire a fixed time after insertion, bounded by a hard cap on entries.
//
// Entries are kept in insertion order beside the map, so expiry pops from the front of a queue:
// every insert costs O(1) amortised whatever the size. (The WeChat de-duplication map used to be
// swept only above 50,000 entries, and then on every insert under one lock: 2–8 ms a message.)
// When the cap is reached the oldest entry goes first, even if it has not expired: memory stays
// bounded whatever the traffic.
//
// Thread-safety: none; the owner locks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>

namespace faq {

template <class Value>
class ExpiringMap {
 public:
  ExpiringMap(int64_t ttl_seconds, size_t capacity) : ttl_(ttl_seconds), capacity_(capacity) {}

  // The value stored under `key`, or nullptr when absent or expired.
  Value* find(const std::string& key, int64_t now) {
    expire(now);
    auto it = items_.find(key);
    return it == items_.end() ? nullptr : &it->second.value;
  }

  // Stores `value` under `key`, replacing an existing one (the expiry restarts from `now`).
  void put(const std::string& key, Value value, int64_t now) {
    expire(now);
    auto [it, fresh] = items_.try_emplace(key, Item{std::move(value), ++generation_});
    if (!fresh) {
      it->second.value = std::move(value);
      it->second.generation = ++generation_;
    }
    order_.push_back({now + ttl_, key, it->second.generation});
    // Replaced keys leave stale records behind: the queue is bounded too.
    while (items_.size() > capacity_ || order_.size() > 2 * capacity_) pop_front();
  }

  size_t size() const { return items_.size(); }

 private:
  struct Item {
    Value value;
    uint64_t generation;  // which queue record is current: a replaced key leaves a stale one
  };
  struct Record {
    int64_t expires;
    std::string key;
    uint64_t generation;
  };

  void expire(int64_t now) {
    while (!order_.empty() && order_.front().expires <= now) pop_front();
  }
  // Removes the front record, and its item when the record is the item's current one.
  void pop_front() {
    const Record& r = order_.front();
    auto it = items_.find(r.key);
    if (it != items_.end() && it->second.generation == r.generation) items_.erase(it);
    order_.pop_front();
  }

  int64_t ttl_;
  size_t capacity_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Item> items_;
  std::deque<Record> order_;
};

}  // namespace faq
