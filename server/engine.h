// Everything that answers from one store: the store, the answer pipeline and its cache. An
// engine never changes once built; a reload builds a new one and swaps it in (EngineHolder), so
// requests in flight finish on the engine they started with.
//
// Thread-safety: immutable after construction (the cache locks internally; the suggestion index
// is built once, under std::call_once).
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "caching_answerer.h"
#include "kb/answerer.h"
#include "kb/store.h"
#include "suggest_index.h"

namespace faq {

struct EngineOptions {
  kb::ScoringParams scoring;
  kb::RequestLimits limits;
  std::string context_secret;  // never empty here: the configuration draws one when none is set
  int context_ttl_sec = 1800;
  size_t cache_entries = 10000;
};

class Engine {
 public:
  // Throws kb::StoreError when the store cannot be used.
  Engine(const std::string& store_path, const EngineOptions& options);
  const kb::Store& store() const { return store_; }
  const kb::Answerer& answerer() const { return answerer_; }
  const CachingAnswerer& cache() const { return cache_; }
  // Built on first use (a benchmark's million-entry engine never pays for it), once per engine.
  const SuggestIndex& suggestions() const;

 private:
  kb::Store store_;
  kb::Answerer answerer_;
  CachingAnswerer cache_;
  mutable std::once_flag suggestions_built_;
  mutable std::unique_ptr<const SuggestIndex> suggestions_;
};

}  // namespace faq
