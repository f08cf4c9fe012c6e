#include "engine.h"

namespace faq {

Engine::Engine(const std::string& store_path, const EngineOptions& o)
    : store_(store_path),
      answerer_(store_, o.scoring, o.limits, kb::ContextCodec(o.context_secret, o.context_ttl_sec)),
      cache_(answerer_, o.cache_entries) {}

const SuggestIndex& Engine::suggestions() const {
  std::call_once(suggestions_built_, [this] { suggestions_ = std::make_unique<const SuggestIndex>(store_); });
  return *suggestions_;
}

}  // namespace faq
