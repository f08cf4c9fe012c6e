#include "engine.h"

namespace faq {

Engine::Engine(const std::string& store_path, const EngineOptions& o)
    : store_(store_path),
      answerer_(store_, o.scoring, o.limits, kb::ContextCodec(o.context_secret, o.context_ttl_sec)),
      cache_(answerer_, o.cache_entries) {}

}  // namespace faq
