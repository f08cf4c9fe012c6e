// The engine that answers now. Handlers take a reference-counted snapshot per request, so a
// reload swaps in a new engine atomically while requests in flight finish on the old one, which
// is freed when the last of them is done.
//
// Thread-safety: get() and swap() may be called from any thread at any time.
#pragma once
#include <atomic>
#include <memory>

#include "engine.h"

namespace faq {

class EngineHolder {
 public:
  explicit EngineHolder(std::shared_ptr<const Engine> engine) : engine_(std::move(engine)) {}
  std::shared_ptr<const Engine> get() const { return engine_.load(std::memory_order_acquire); }
  // Installs `next` and returns the engine it replaces.
  std::shared_ptr<const Engine> swap(std::shared_ptr<const Engine> next) {
    return engine_.exchange(std::move(next), std::memory_order_acq_rel);
  }

 private:
  std::atomic<std::shared_ptr<const Engine>> engine_;
};

}  // namespace faq
