// Per-thread scores for at most kCapacity/2 keys (phrasing rows or entries): open addressing with
// linear probing, reset in O(touched). At most kCapacity slots whatever the store, so a
// million-entry store costs no more memory per server thread than a small one; a store of fewer
// keys than that is dense (a key is its own slot) and its map only as large as the store: with a
// server thread per connection, 64 threads × 128 KiB of mostly unused slots thrashed the caches.
// (Private to the retriever.)
#pragma once
#include <cstdint>
#include <vector>

namespace kb {

class ScoreMap {
 public:
  static constexpr uint32_t kCapacity = 1u << 13;
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  // Empties the map for keys below `universe`: dense (no hashing, no probing) when they fit.
  void reset(size_t universe) {
    for (uint32_t slot : touched_) keys_[slot] = kEmpty;
    touched_.clear();
    dense_ = universe <= kCapacity;
    const size_t size = dense_ ? universe : kCapacity;
    if (keys_.size() < size) {
      keys_.resize(size, kEmpty);
      values_.resize(size, 0.0f);
    }
  }
  bool dense() const { return dense_; }
  bool full() const { return !dense_ && touched_.size() >= kCapacity / 2; }
  // Adds v to key's score; a new key is only admitted while there is room.
  void add(uint32_t key, float v) {
    uint32_t slot = find(key);
    if (keys_[slot] == kEmpty) {
      if (full()) return;
      keys_[slot] = key;
      values_[slot] = 0.0f;
      touched_.push_back(slot);
    }
    values_[slot] += v;
  }
  void max(uint32_t key, float v) {
    uint32_t slot = find(key);
    if (keys_[slot] == kEmpty) {
      if (full()) return;
      keys_[slot] = key;
      values_[slot] = v;
      touched_.push_back(slot);
    } else if (v > values_[slot]) {
      values_[slot] = v;
    }
  }
  void add_if_present(uint32_t key, float v) {
    uint32_t slot = find(key);
    if (keys_[slot] != kEmpty) values_[slot] += v;
  }
  template <class F>
  void for_each(F&& f) const {
    for (uint32_t slot : touched_) f(keys_[slot], values_[slot]);
  }

 private:
  uint32_t find(uint32_t key) const {
    if (dense_) return key;
    uint32_t slot = (key * 2654435761u) & (kCapacity - 1);
    while (keys_[slot] != kEmpty && keys_[slot] != key) slot = (slot + 1) & (kCapacity - 1);
    return slot;
  }
  std::vector<uint32_t> keys_;
  std::vector<float> values_;
  std::vector<uint32_t> touched_;
  bool dense_ = false;
};

}  // namespace kb
