// ShutdownController: graceful SIGINT/SIGTERM handling for the binaries.
//
//   int main() {
//     core::ShutdownController shutdown(std::chrono::seconds(30));
//     if (auto st = shutdown.Install(); !st.ok()) ...   // first thing in main
//     shutdown.OnShutdown([&] { queue.Close(); });
//     ... start workers ...
//     shutdown.WaitForShutdown();
//     ... drain: flush batches, checkpoint, join workers ...
//     return 0;
//   }
//
// Install() blocks SIGINT and SIGTERM in the calling thread (threads started later inherit the
// mask, so call it before starting any) and handles them on a dedicated thread via signalfd:
//  - first signal: drain begins: draining() turns true and a deadline of now + drain_timeout is
//    set, OnShutdown callbacks run (on the signal thread, in registration order), then waiters
//    wake;
//  - if the process is still running at the deadline it writes a message to stderr and exits
//    with kDrainTimeoutExitCode;
//  - a second signal exits at once with 128 + signal number (message on stderr).
// RequestShutdown() begins the same drain programmatically (deadline enforced only if Install()ed).
//
// One controller per process may be installed. All members are thread-safe. Callbacks must not
// block: they run on the thread that begins the drain (the signal thread for signals).
// Destroying the controller stops the signal thread (signals stay blocked).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"

namespace core {

class ShutdownController {
 public:
  // Exit code when the drain deadline passes (as timeout(1) uses).
  static constexpr int kDrainTimeoutExitCode = 124;
  using Clock = std::chrono::steady_clock;

  explicit ShutdownController(std::chrono::milliseconds drain_timeout = std::chrono::seconds(30));
  ~ShutdownController();
  ShutdownController(const ShutdownController&) = delete;
  ShutdownController& operator=(const ShutdownController&) = delete;

  // Blocks SIGINT/SIGTERM in the calling thread and starts the signal thread.
  // FailedPrecondition if a controller is already installed in this process.
  Status Install();

  // Runs `callback` when the drain begins; at once (in the caller) if it already has.
  void OnShutdown(std::function<void()> callback);

  // Begins the drain (idempotent: only the first call or signal counts). `reason` is kept for
  // logs, e.g. "SIGTERM" or "fatal error in encoder".
  void RequestShutdown(std::string reason);

  bool draining() const { return draining_.load(std::memory_order_acquire); }
  // Why the drain began ("SIGTERM", "SIGINT", or RequestShutdown's reason); empty before.
  std::string reason() const;
  // When the process will be forced to exit; nullopt before the drain begins.
  std::optional<Clock::time_point> deadline() const;

  // Blocks until the drain has begun and its OnShutdown callbacks have run.
  void WaitForShutdown();
  // Blocks at most `timeout`; true if the drain has begun (and its callbacks have run).
  bool WaitFor(std::chrono::milliseconds timeout);

 private:
  void Begin(std::string reason);
  void WatchSignals();
  void WakeWatcher();

  const std::chrono::milliseconds drain_timeout_;
  std::atomic<bool> draining_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string reason_;
  std::optional<Clock::time_point> deadline_;
  std::vector<std::function<void()>> callbacks_;
  bool callbacks_done_ = false;  // the drain began and its callbacks have run
  bool stopping_ = false;

  int signal_fd_ = -1;
  int event_fd_ = -1;
  std::thread watcher_;
};

}  // namespace core
