// A child process for tests: a server or a command-line tool started with fork/exec.
//
// Contract:
// - The child gets PR_SET_PDEATHSIG=SIGKILL (set after any uid change, right before exec), so it
//   dies when the thread that started it dies, even if the test binary is killed with -9. Start
//   children from a thread that outlives them (the main thread in gtest).
// - The child runs in its own process group; Stop() and Kill() signal the whole group.
// - Live children are registered with EmergencyCleanup, so SIGINT/SIGTERM of the test binary
//   kills them too.
// - Not thread-safe: one ChildProcess is used by one thread at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace testing_support {

struct ChildOptions {
  // argv[0] is the program: a path, or a name looked up in PATH.
  std::vector<std::string> argv;
  // Added to (or overriding) the inherited environment.
  std::vector<std::pair<std::string, std::string>> env;
  // Working directory; empty inherits ours.
  std::string cwd;
  // Runs as this user (setgid + supplementary groups + setuid); empty keeps ours.
  std::string run_as_user;
  // stdout (and stderr, unless stderr_path is set) are appended here; empty means /dev/null.
  std::string log_path;
  std::string stderr_path;
  // stdin is read from this file; empty means /dev/null.
  std::string stdin_path;
};

// How a child ended.
struct ExitStatus {
  int code = -1;   // exit code when exited normally, else -1
  int signal = 0;  // the terminating signal, else 0
  bool success() const { return code == 0; }
  // "exit code 3", "killed by signal 9 (Killed)".
  std::string ToString() const;
};

class ChildProcess {
 public:
  // Forks and execs options.argv. Fails with NotFound when the program is not in PATH, or with
  // the errno of a failed exec/setuid/chdir in the child (reported back through a pipe).
  static core::Result<std::unique_ptr<ChildProcess>> Start(ChildOptions options);

  // Stops the child (SIGTERM, then SIGKILL after 5 s) if it still runs.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  const ChildOptions& options() const { return options_; }

  // True while the child has not exited (reaps it when it has).
  bool IsRunning();
  // Waits up to `timeout` for the child to exit. DeadlineExceeded if it still runs.
  core::Result<ExitStatus> Wait(std::chrono::milliseconds timeout);
  // Sends `signal` to the child's process group, waits up to `grace`, then SIGKILLs and reaps it.
  // Returns how it ended (the earlier status if it had already exited).
  ExitStatus Stop(std::chrono::milliseconds grace = std::chrono::seconds(5), int signal = SIGTERM);
  // SIGKILLs the process group and reaps the child (a crash, for durability tests).
  ExitStatus Kill() { return Stop(std::chrono::milliseconds(0), SIGKILL); }
  // The exit status once the child has been reaped.
  const ExitStatus& exit_status() const { return exit_status_; }

  // The last `max_lines` lines of log_path (empty when there is no log).
  std::string LogTail(size_t max_lines = 30) const;

 private:
  ChildProcess(ChildOptions options, pid_t pid) : options_(std::move(options)), pid_(pid) {}
  bool Reap(bool block);

  ChildOptions options_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  ExitStatus exit_status_;
};

// The last `max_lines` lines of a text file ("" if it cannot be read).
std::string FileTail(const std::string& path, size_t max_lines);

}  // namespace testing_support
