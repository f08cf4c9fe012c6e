#include "reloader.h"

#include <spdlog/spdlog.h>

namespace faq {
namespace {

// The new engine answers its own first entry's question, or it is not put in front of anyone.
void check_answers(const Engine& engine) {
  const kb::Store& store = engine.store();
  if (store.entry_count() == 0) throw ReloadError("the store holds no entries");
  kb::AskRequest probe;
  probe.question = store.entry(0)->question;
  kb::AskResponse resp = engine.answerer().ask(probe);
  if (resp.topic.empty()) throw ReloadError("the store answered its own first entry without a topic");
}

}  // namespace

Reloader::Reloader(EngineHolder& engines, std::string store_path, EngineOptions options,
                   std::function<void(bool)> on_result)
    : engines_(engines),
      store_path_(std::move(store_path)),
      options_(std::move(options)),
      on_result_(std::move(on_result)) {}

ReloadResult Reloader::reload() {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string old_version = engines_.get()->store().kb_version();
  std::shared_ptr<const Engine> next;
  try {
    next = std::make_shared<const Engine>(store_path_, options_);
    check_answers(*next);
  } catch (const std::exception& e) {
    spdlog::error("reload refused, still serving kb_version {}: {}", old_version, e.what());
    if (on_result_) on_result_(false);
    throw ReloadError(std::string("store refused, still serving kb_version ") + old_version + ": " + e.what());
  }
  ReloadResult result{old_version, next->store().kb_version(), next->store().entry_count()};
  engines_.swap(std::move(next));  // the old engine is freed by the last request that holds it
  spdlog::info("reloaded {}: kb_version {} -> {} ({} entries)", store_path_, result.old_kb_version,
               result.new_kb_version, result.entries);
  if (on_result_) on_result_(true);
  return result;
}

}  // namespace faq
