#include "signal_watcher.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace faq {
namespace {

sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void()> on_reload, std::function<void()> on_stop)
    : on_reload_(std::move(on_reload)), on_stop_(std::move(on_stop)) {
  sigset_t set = watched();
  if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) throw std::runtime_error("cannot block signals");
  thread_ = std::thread([this] { run(); });
}

SignalWatcher::~SignalWatcher() {
  ending_ = true;
  pthread_kill(thread_.native_handle(), SIGTERM);  // blocked everywhere: only sigwait() takes it
  thread_.join();
}

void SignalWatcher::run() {
  const sigset_t set = watched();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (ending_) return;
    try {
      if (sig == SIGHUP) {
        if (on_reload_) on_reload_();
      } else if (on_stop_) {
        on_stop_();
      }
    } catch (const std::exception& e) { spdlog::error("signal {}: {}", sig, e.what()); }
  }
}

}  // namespace faq
