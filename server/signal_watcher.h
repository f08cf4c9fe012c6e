// Signals without work in a signal handler: the constructor blocks SIGHUP, SIGINT and SIGTERM in
// the calling thread — and so in every thread started after it, which inherit the mask — and one
// thread of its own takes them with sigwait() and runs the callbacks there, as ordinary code.
//
// Construct it first in main(), before any other thread exists; a thread started earlier would
// keep the default action (terminate) for these signals.
//
// Thread-safety: the callbacks run on the watcher's thread, one at a time. The destructor stops
// the thread (it sends the thread a signal it waits for) and restores nothing: the process is ending.
#pragma once
#include <atomic>
#include <functional>
#include <thread>

namespace faq {

class SignalWatcher {
 public:
  SignalWatcher(std::function<void()> on_reload, std::function<void()> on_stop);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void run();
  std::function<void()> on_reload_, on_stop_;
  std::atomic<bool> ending_{false};
  std::thread thread_;
};

}  // namespace faq
