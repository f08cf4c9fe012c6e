// Hot reload: opens the configured store again (the indexer replaces it atomically) and swaps the
// new engine in (EngineHolder), so that requests in flight finish on the old engine and the next
// ones answer from the new one; no request fails. Triggered by SIGHUP (signal_watcher.h) and by
// POST /admin/reload.
//
// A store that cannot be used — missing, damaged, another schema, or one whose first entry cannot
// be answered — is refused with ReloadError, and the old engine keeps serving.
//
// Thread-safety: reload() may be called from any thread; reloads run one at a time (a second
// waits for the first), requests never wait for a reload.
#pragma once
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

#include "engine_holder.h"

namespace faq {

struct ReloadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ReloadResult {
  std::string old_kb_version, new_kb_version;
  size_t entries = 0;
};

class Reloader {
 public:
  // `on_result` (may be empty) hears of every reload, true when it succeeded (metrics).
  Reloader(EngineHolder& engines, std::string store_path, EngineOptions options,
           std::function<void(bool)> on_result = {});
  // Throws ReloadError (with the reason) when the store is refused.
  ReloadResult reload();

 private:
  EngineHolder& engines_;
  const std::string store_path_;
  const EngineOptions options_;
  std::function<void(bool)> on_result_;
  std::mutex mu_;
};

}  // namespace faq
