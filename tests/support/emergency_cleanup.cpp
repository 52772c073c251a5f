#include "support/emergency_cleanup.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>

extern char** environ;

namespace testing_support {
namespace {

constexpr size_t kMaxChildren = 64;
constexpr size_t kMaxDirectories = 32;
constexpr size_t kMaxPath = 256;

// Slots are read by the signal handler, so they are lock-free atomics. A directory slot is
// published (state 2) only after its path is fully written.
std::array<std::atomic<pid_t>, kMaxChildren> g_children{};
struct DirectorySlot {
  std::atomic<int> state{0};  // 0 free, 1 being written, 2 ready
  char path[kMaxPath];
};
std::array<DirectorySlot, kMaxDirectories> g_directories;

void OnTerminatingSignal(int sig) {
  for (auto& slot : g_children) {
    pid_t pid = slot.load();
    if (pid <= 0) continue;
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
  }
  for (auto& slot : g_children) {
    pid_t pid = slot.load();
    if (pid > 0) waitpid(pid, nullptr, 0);
  }
  // argv for `rm -rf -- dir...`, built without allocating.
  static char* argv[kMaxDirectories + 4];
  size_t n = 0;
  argv[n++] = const_cast<char*>("rm");
  argv[n++] = const_cast<char*>("-rf");
  argv[n++] = const_cast<char*>("--");
  size_t dirs = 0;
  for (auto& slot : g_directories) {
    if (slot.state.load() == 2) {
      argv[n++] = slot.path;
      ++dirs;
    }
  }
  argv[n] = nullptr;
  if (dirs > 0) {
    pid_t rm = fork();
    if (rm == 0) {
      execve("/bin/rm", argv, environ);
      _exit(127);
    }
    if (rm > 0) waitpid(rm, nullptr, 0);
  }
  signal(sig, SIG_DFL);
  raise(sig);  // delivered with the default action once this handler returns
}

}  // namespace

void EmergencyCleanup::Install() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_handler = OnTerminatingSignal;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
  });
}

void EmergencyCleanup::RegisterChild(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t expected = 0;
    if (slot.compare_exchange_strong(expected, pid)) return;
  }
}

void EmergencyCleanup::UnregisterChild(pid_t pid) {
  for (auto& slot : g_children) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

void EmergencyCleanup::RegisterDirectory(const std::string& path) {
  if (path.empty() || path.size() >= kMaxPath) return;
  for (auto& slot : g_directories) {
    int expected = 0;
    if (!slot.state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(slot.path, path.c_str(), path.size() + 1);
    slot.state.store(2);
    return;
  }
}

void EmergencyCleanup::UnregisterDirectory(const std::string& path) {
  for (auto& slot : g_directories) {
    if (slot.state.load() == 2 && path == slot.path) {
      int expected = 2;
      slot.state.compare_exchange_strong(expected, 0);
      return;
    }
  }
}

}  // namespace testing_support
