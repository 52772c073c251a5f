#include "core/shutdown.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace core {
namespace {

std::atomic<bool> g_installed{false};

const char* SignalName(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal";
  }
}

// Async-exit path: write(2) straight to stderr, then _exit; no locks, no destructors.
[[noreturn]] void ExitNow(const std::string& message, int code) {
  size_t off = 0;
  while (off < message.size()) {
    ssize_t n = ::write(STDERR_FILENO, message.data() + off, message.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  ::_exit(code);
}

}  // namespace

ShutdownController::ShutdownController(std::chrono::milliseconds drain_timeout)
    : drain_timeout_(drain_timeout) {}

ShutdownController::~ShutdownController() {
  if (watcher_.joinable()) {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    WakeWatcher();
    watcher_.join();
  }
  if (signal_fd_ >= 0) ::close(signal_fd_);
  if (event_fd_ >= 0) ::close(event_fd_);
  if (signal_fd_ >= 0) g_installed.store(false);
}

Status ShutdownController::Install() {
  if (g_installed.exchange(true)) {
    return FailedPrecondition("a ShutdownController is already installed in this process");
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  if (int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
    g_installed.store(false);
    return ErrnoStatus(rc, "block SIGINT/SIGTERM");
  }
  signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
  if (signal_fd_ < 0) {
    g_installed.store(false);
    return ErrnoStatus(errno, "signalfd");
  }
  event_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (event_fd_ < 0) return ErrnoStatus(errno, "eventfd");
  watcher_ = std::thread([this] { WatchSignals(); });
  return Status::Ok();
}

void ShutdownController::OnShutdown(std::function<void()> callback) {
  {
    std::lock_guard lock(mu_);
    if (!draining()) {
      callbacks_.push_back(std::move(callback));
      return;
    }
  }
  callback();
}

void ShutdownController::RequestShutdown(std::string reason) {
  Begin(std::move(reason));
  WakeWatcher();  // so it starts timing the deadline
}

std::string ShutdownController::reason() const {
  std::lock_guard lock(mu_);
  return reason_;
}

std::optional<ShutdownController::Clock::time_point> ShutdownController::deadline() const {
  std::lock_guard lock(mu_);
  return deadline_;
}

void ShutdownController::WaitForShutdown() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return callbacks_done_; });
}

bool ShutdownController::WaitFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return callbacks_done_; });
}

void ShutdownController::Begin(std::string reason) {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mu_);
    if (draining()) return;
    reason_ = std::move(reason);
    deadline_ = Clock::now() + drain_timeout_;
    callbacks.swap(callbacks_);
    draining_.store(true, std::memory_order_release);
  }
  // Callbacks first, so a woken waiter can rely on them having run (e.g. queues closed).
  for (auto& cb : callbacks) {
    cb();
  }
  {
    std::lock_guard lock(mu_);
    callbacks_done_ = true;
  }
  cv_.notify_all();
}

void ShutdownController::WakeWatcher() {
  if (event_fd_ < 0) return;
  const uint64_t one = 1;
  ssize_t n;
  do {
    n = ::write(event_fd_, &one, sizeof one);
  } while (n < 0 && errno == EINTR);
}

void ShutdownController::WatchSignals() {
  for (;;) {
    int timeout_ms = -1;
    std::optional<Clock::time_point> deadline;
    std::string reason;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      deadline = deadline_;
      reason = reason_;
    }
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) {
        ExitNow("shutdown: drain did not finish within " + std::to_string(drain_timeout_.count()) +
                    " ms after " + reason + "; exiting with code " +
                    std::to_string(kDrainTimeoutExitCode) + "\n",
                kDrainTimeoutExitCode);
      }
      timeout_ms = static_cast<int>(std::min<int64_t>(left.count(), INT32_MAX));
    }
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {event_fd_, POLLIN, 0}};
    const int rc = ::poll(fds, 2, timeout_ms);
    if (rc < 0 && errno != EINTR) return;  // cannot watch any more; keep the process alive
    if (rc <= 0) continue;
    if (fds[1].revents & POLLIN) {
      uint64_t count;
      [[maybe_unused]] ssize_t n = ::read(event_fd_, &count, sizeof count);
    }
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo info{};
      if (::read(signal_fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) continue;
      const int sig = static_cast<int>(info.ssi_signo);
      if (draining()) {
        ExitNow(std::string("shutdown: second ") + SignalName(sig) +
                    " during drain; exiting now with code " + std::to_string(128 + sig) + "\n",
                128 + sig);
      }
      Begin(SignalName(sig));
    }
  }
}

}  // namespace core
