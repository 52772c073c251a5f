// ShutdownController. Signal tests run in forked children: the child installs the controller,
// reports progress on a pipe, and the parent signals it and checks its exit code and stderr.
#include "core/shutdown.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace core {
namespace {

using namespace std::chrono_literals;

// A forked child whose stdout and stderr come back through pipes.
class Child {
 public:
  // Runs body in the child; its return value is the exit code (via _exit, never back into gtest).
  explicit Child(const std::function<int()>& body) {
    int out[2], err[2];
    EXPECT_EQ(pipe(out), 0);
    EXPECT_EQ(pipe(err), 0);
    pid_ = fork();
    EXPECT_GE(pid_, 0);
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      dup2(err[1], STDERR_FILENO);
      close(out[0]);
      close(err[0]);
      _exit(body());
    }
    close(out[1]);
    close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
    close(err_);
  }

  // Reads stdout until it contains `text` (liveness timeout 30 s).
  bool WaitForOutput(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (stdout_.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) return false;
      stdout_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }

  void Signal(int sig) { ASSERT_EQ(kill(pid_, sig), 0); }

  // Waits (liveness timeout 30 s) and returns the raw wait status; collects the rest of output.
  int Wait() {
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    for (;;) {
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "child did not exit";
        return -1;
      }
      std::this_thread::sleep_for(5ms);
    }
    reaped_ = true;
    Drain(out_, stdout_);
    Drain(err_, stderr_);
    return status;
  }

  const std::string& out() const { return stdout_; }
  const std::string& err() const { return stderr_; }

 private:
  static void Drain(int fd, std::string& into) {
    char buf[1024];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
      into.append(buf, static_cast<size_t>(n));
  }

  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  bool reaped_ = false;
  std::string stdout_, stderr_;
};

void Say(const char* s) {
  [[maybe_unused]] ssize_t n = write(STDOUT_FILENO, s, strlen(s));
}

TEST(ShutdownControllerTest, FirstSignalDrainsAndTheProcessExitsCleanly) {
  for (int sig : {SIGTERM, SIGINT}) {
    Child child([] {
      ShutdownController shutdown(30s);
      if (!shutdown.Install().ok()) return 10;
      std::atomic<int> callbacks{0};
      shutdown.OnShutdown([&] { callbacks.fetch_add(1); });
      std::thread worker([&] {  // a worker thread started after Install inherits the mask
        shutdown.WaitForShutdown();
        Say("worker saw drain\n");
      });
      Say("ready\n");
      shutdown.WaitForShutdown();
      worker.join();
      if (!shutdown.draining() || callbacks.load() != 1 || !shutdown.deadline()) return 11;
      Say(("drained after " + shutdown.reason() + "\n").c_str());
      return 0;
    });
    ASSERT_TRUE(child.WaitForOutput("ready\n"));
    child.Signal(sig);
    const int status = child.Wait();
    ASSERT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), 0) << child.err();
    EXPECT_NE(child.out().find("worker saw drain"), std::string::npos);
    EXPECT_NE(
        child.out().find(std::string("drained after ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT")),
        std::string::npos)
        << child.out();
  }
}

TEST(ShutdownControllerTest, SecondSignalExitsAtOnce) {
  Child child([] {
    ShutdownController shutdown(60s);
    if (!shutdown.Install().ok()) return 10;
    Say("ready\n");
    shutdown.WaitForShutdown();
    Say("draining\n");
    for (;;)
      pause();  // a drain that never finishes
  });
  ASSERT_TRUE(child.WaitForOutput("ready\n"));
  child.Signal(SIGTERM);
  ASSERT_TRUE(child.WaitForOutput("draining\n"));
  child.Signal(SIGTERM);
  const int status = child.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_EQ(child.err(), "shutdown: second SIGTERM during drain; exiting now with code 143\n");
}

TEST(ShutdownControllerTest, DeadlineExpiryExitsNonZeroWithAMessage) {
  Child child([] {
    ShutdownController shutdown(200ms);
    if (!shutdown.Install().ok()) return 10;
    Say("ready\n");
    shutdown.WaitForShutdown();
    for (;;)
      pause();  // stuck drain
  });
  ASSERT_TRUE(child.WaitForOutput("ready\n"));
  child.Signal(SIGTERM);
  const int status = child.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), ShutdownController::kDrainTimeoutExitCode);
  EXPECT_EQ(child.err(),
            "shutdown: drain did not finish within 200 ms after SIGTERM; exiting with code 124\n");
}

TEST(ShutdownControllerTest, RequestShutdownAlsoEnforcesTheDeadline) {
  Child child([] {
    ShutdownController shutdown(100ms);
    if (!shutdown.Install().ok()) return 10;
    shutdown.RequestShutdown("fatal error in encoder");
    for (;;)
      pause();
  });
  const int status = child.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 124);
  EXPECT_EQ(child.err(),
            "shutdown: drain did not finish within 100 ms after fatal error in encoder; exiting "
            "with code 124\n");
}

TEST(ShutdownControllerTest, OnlyOneControllerPerProcess) {
  Child child([] {
    ShutdownController a, b;
    if (!a.Install().ok()) return 10;
    Status st = b.Install();
    if (st.message() != "a ShutdownController is already installed in this process") return 11;
    return 0;
  });
  const int status = child.Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// Without Install(): programmatic use in this process (no signals involved).
TEST(ShutdownControllerTest, RequestShutdownWakesWaitersAndRunsCallbacksOnce) {
  ShutdownController shutdown(1s);
  EXPECT_FALSE(shutdown.draining());
  EXPECT_FALSE(shutdown.WaitFor(1ms));
  EXPECT_FALSE(shutdown.deadline());
  int calls = 0;
  shutdown.OnShutdown([&] { ++calls; });
  std::thread waiter([&] { shutdown.WaitForShutdown(); });
  shutdown.RequestShutdown("test");
  shutdown.RequestShutdown("again");  // ignored
  waiter.join();
  EXPECT_TRUE(shutdown.draining());
  EXPECT_TRUE(shutdown.WaitFor(0ms));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(shutdown.reason(), "test");
  ASSERT_TRUE(shutdown.deadline());
  int late = 0;
  shutdown.OnShutdown([&] { ++late; });  // already draining: runs at once
  EXPECT_EQ(late, 1);
}

}  // namespace
}  // namespace core
