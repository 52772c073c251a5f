// ChildProcess and its safety nets: exit statuses, users, environment, logs, and that servers
// never outlive a test binary that is killed (PDEATHSIG) or interrupted (EmergencyCleanup).
#include "support/child_process.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "support/emergency_cleanup.h"
#include "support/free_port.h"
#include "support/program_path.h"
#include "support/redis_server.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace testing_support {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// True once `pid` has exited (gone, or a zombie nobody reaps: PID 1 in containers may not).
bool Exited(pid_t pid) {
  if (kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t paren = line.rfind(')');
  return paren == std::string::npos || line.substr(paren + 2, 1) == "Z";
}

bool WaitUntilExited(pid_t pid, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Exited(pid)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

TEST(ChildProcess, ReportsExitCodes) {
  auto ok = RunCommand({.argv = {"true"}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->success());
  EXPECT_EQ(ok->status.ToString(), "exit code 0");

  auto three = RunCommand({.argv = {"sh", "-c", "echo oops >&2; exit 3"}});
  ASSERT_TRUE(three.ok()) << three.status().ToString();
  EXPECT_EQ(three->status.code, 3);
  EXPECT_EQ(three->Describe(), "exit code 3: oops");
}

TEST(ChildProcess, StopSendsSigtermThenReaps) {
  auto child = ChildProcess::Start({.argv = {"sleep", "1000"}});
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  EXPECT_TRUE((*child)->IsRunning());
  auto still = (*child)->Wait(milliseconds(50));
  ASSERT_FALSE(still.ok());
  EXPECT_NE(still.status().message().find("still running after 50 ms"), std::string::npos);
  ExitStatus status = (*child)->Stop(seconds(5));
  EXPECT_EQ(status.signal, SIGTERM);
  EXPECT_EQ(status.ToString(), "killed by signal 15 (Terminated)");
  EXPECT_FALSE((*child)->IsRunning());
}

TEST(ChildProcess, StopEscalatesToSigkill) {
  TempDir dir;
  ChildOptions o;
  o.argv = {"sh", "-c", "trap '' TERM; echo ready; while true; do sleep 1; done"};
  o.log_path = dir.File("log");
  auto child = ChildProcess::Start(o);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  for (int i = 0; i < 500 && (*child)->LogTail().empty(); ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ExitStatus status = (*child)->Stop(milliseconds(200));
  EXPECT_EQ(status.signal, SIGKILL);
}

TEST(ChildProcess, MissingProgramIsNotFound) {
  auto child = ChildProcess::Start({.argv = {"rr-no-such-program"}});
  ASSERT_FALSE(child.ok());
  EXPECT_EQ(child.status().ToString(),
            "NotFound: cannot run 'rr-no-such-program': not found in PATH");

  auto required = RequireProgram("rr-no-such-server", DebianPackageHint("rr-server"));
  ASSERT_FALSE(required.ok());
  EXPECT_EQ(required.status().message(),
            "rr-no-such-server not found: install the Debian package rr-server "
            "(bash scripts/setup.sh)");
}

TEST(ChildProcess, BadWorkingDirectoryIsReportedFromTheChild) {
  auto child = ChildProcess::Start({.argv = {"true"}, .cwd = "/rr/no/such/dir"});
  ASSERT_FALSE(child.ok());
  EXPECT_EQ(child.status().ToString(),
            "NotFound: cannot run 'true': chdir: No such file or directory");
}

TEST(ChildProcess, EnvironmentWorkingDirectoryAndLog) {
  TempDir dir;
  ChildOptions o;
  o.argv = {"sh", "-c", "echo \"$RR_GREETING\"; pwd; echo to-stderr >&2"};
  o.env = {{"RR_GREETING", "hello child"}};
  o.cwd = dir.path().string();
  o.log_path = dir.File("child.log");
  auto child = ChildProcess::Start(o);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  auto status = (*child)->Wait(seconds(30));
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_TRUE(status->success());
  EXPECT_EQ((*child)->LogTail(), "hello child\n" + dir.path().string() + "\nto-stderr\n");
  EXPECT_EQ((*child)->LogTail(1), "to-stderr\n");
}

TEST(ChildProcess, RunsAsAnotherUser) {
  passwd* pw = getpwnam("postgres");
  ASSERT_NE(pw, nullptr) << "user postgres missing: install the Debian package postgresql-15 "
                            "(bash scripts/setup.sh)";
  auto id = RunCommand({.argv = {"id", "-u"}, .run_as_user = "postgres"});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->out, std::to_string(pw->pw_uid) + "\n");

  auto nobody = ChildProcess::Start({.argv = {"true"}, .run_as_user = "rr-no-such-user"});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.status().message(), "user 'rr-no-such-user' does not exist");
}

TEST(ChildProcess, WaitForPortFailsFastWhenTheServerExits) {
  auto child = ChildProcess::Start({.argv = {"sh", "-c", "exit 7"}});
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  const int port = FreePort();
  core::Status st = WaitForPort("127.0.0.1", port, seconds(30), child->get());
  EXPECT_EQ(st.ToString(),
            "Unavailable: server exited (exit code 7) before listening on "
            "127.0.0.1:" +
                std::to_string(port));
  st = WaitForPort("127.0.0.1", port, milliseconds(30));
  EXPECT_EQ(st.ToString(), "DeadlineExceeded: nothing listening on 127.0.0.1:" +
                               std::to_string(port) + " after 30 ms");
}

// A forked "test binary" starts a Redis fixture and is then killed with SIGKILL: the kernel's
// PDEATHSIG must take the server down with it.
TEST(ChildProcess, ServerDiesWhenItsParentIsKilled) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t intermediate = fork();
  ASSERT_GE(intermediate, 0);
  if (intermediate == 0) {
    close(pipe_fds[0]);
    auto redis = RedisServer::Start();
    pid_t server = -1;
    char dir[256] = {};
    if (redis.ok()) {
      // The server's pid and directory, for the parent to watch and clean up.
      std::string data_dir = (*redis)->data_dir();
      std::snprintf(dir, sizeof dir, "%s", data_dir.substr(0, data_dir.rfind('/')).c_str());
      auto cli = (*redis)->Cli({"INFO", "server"});
      if (cli.ok()) {
        size_t at = cli->find("process_id:");
        if (at != std::string::npos) server = std::stoi(cli->substr(at + 11));
      }
    }
    ssize_t w1 = write(pipe_fds[1], &server, sizeof server);
    ssize_t w2 = write(pipe_fds[1], dir, sizeof dir);
    (void)w1;
    (void)w2;
    pause();
    _exit(0);
  }
  close(pipe_fds[1]);
  pid_t server = -1;
  char dir[256] = {};
  ASSERT_EQ(read(pipe_fds[0], &server, sizeof server), static_cast<ssize_t>(sizeof server));
  ASSERT_EQ(read(pipe_fds[0], dir, sizeof dir), static_cast<ssize_t>(sizeof dir));
  close(pipe_fds[0]);
  ASSERT_GT(server, 0) << "the intermediate process could not start Redis";
  EXPECT_FALSE(Exited(server));

  kill(intermediate, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(intermediate, &status, 0), intermediate);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(WaitUntilExited(server, seconds(10)))
      << "redis-server (pid " << server << ") outlived its killed parent";
  if (!Exited(server)) kill(server, SIGKILL);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);  // kill -9 leaves the directory behind
}

// SIGTERM of a "test binary" kills its children and removes the registered directories, then
// the binary still dies of SIGTERM.
TEST(ChildProcess, SigtermKillsChildrenAndRemovesDirectories) {
  TempDir scratch;
  const std::string doomed = scratch.File("doomed");
  std::filesystem::create_directories(doomed + "/nested");
  std::ofstream(doomed + "/nested/file") << "x";
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t intermediate = fork();
  ASSERT_GE(intermediate, 0);
  if (intermediate == 0) {
    close(pipe_fds[0]);
    EmergencyCleanup::Install();
    EmergencyCleanup::RegisterDirectory(doomed);
    auto child = ChildProcess::Start({.argv = {"sleep", "1000"}});
    pid_t pid = child.ok() ? (*child)->pid() : -1;
    ssize_t w = write(pipe_fds[1], &pid, sizeof pid);
    (void)w;
    pause();
    _exit(0);
  }
  close(pipe_fds[1]);
  pid_t sleeper = -1;
  ASSERT_EQ(read(pipe_fds[0], &sleeper, sizeof sleeper), static_cast<ssize_t>(sizeof sleeper));
  close(pipe_fds[0]);
  ASSERT_GT(sleeper, 0);

  kill(intermediate, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(intermediate, &status, 0), intermediate);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(WaitUntilExited(sleeper, seconds(10)));
  EXPECT_FALSE(std::filesystem::exists(doomed));
  EXPECT_TRUE(std::filesystem::exists(scratch.path()));
}

}  // namespace
}  // namespace testing_support
