#include "support/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <thread>

#include "support/emergency_cleanup.h"
#include "support/program_path.h"

extern char** environ;

namespace testing_support {
namespace {

// What the child reports through the close-on-exec pipe when a step before exec fails.
struct ChildFailure {
  int step;  // index into kSteps
  int err;
};
constexpr const char* kSteps[] = {"open stdin", "open log", "open stderr log", "setgroups",
                                  "setgid",     "setuid",   "chdir",           "exec"};

// Everything the child needs, prepared before fork (only async-signal-safe calls after it).
struct ExecPlan {
  std::string program;
  std::vector<std::string> argv_storage;
  std::vector<std::string> env_storage;
  std::vector<char*> argv;
  std::vector<char*> envp;
  bool change_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

core::Status PlanUser(const std::string& user, ExecPlan& plan) {
  if (user.empty()) return {};
  std::vector<char> buf(16384);
  passwd pw;
  passwd* found = nullptr;
  int rc = getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &found);
  if (rc != 0 || found == nullptr) {
    return core::NotFound("user '" + user + "' does not exist");
  }
  plan.change_user = true;
  plan.uid = pw.pw_uid;
  plan.gid = pw.pw_gid;
  int count = 64;
  plan.groups.resize(count);
  if (getgrouplist(user.c_str(), pw.pw_gid, plan.groups.data(), &count) < 0) {
    plan.groups.resize(count);
    getgrouplist(user.c_str(), pw.pw_gid, plan.groups.data(), &count);
  }
  plan.groups.resize(count);
  return {};
}

std::vector<std::string> MergedEnvironment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : extra)
    vars[k] = v;
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [k, v] : vars)
    out.push_back(k + "=" + v);
  return out;
}

[[noreturn]] void ChildFail(int fd, int step) {
  ChildFailure failure{step, errno};
  ssize_t ignored = write(fd, &failure, sizeof failure);
  (void)ignored;
  _exit(127);
}

int OpenOrFail(int report_fd, int step, const char* path, int flags) {
  int fd = open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) ChildFail(report_fd, step);
  return fd;
}

// Runs in the child between fork and exec.
[[noreturn]] void RunChild(const ChildOptions& o, const ExecPlan& plan, pid_t parent,
                           int report_fd) {
  setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);

  const int append = O_WRONLY | O_CREAT | O_APPEND;
  int in =
      OpenOrFail(report_fd, 0, o.stdin_path.empty() ? "/dev/null" : o.stdin_path.c_str(), O_RDONLY);
  int out = OpenOrFail(report_fd, 1, o.log_path.empty() ? "/dev/null" : o.log_path.c_str(),
                       o.log_path.empty() ? O_WRONLY : append);
  int err = o.stderr_path.empty() ? out : OpenOrFail(report_fd, 2, o.stderr_path.c_str(), append);
  if (plan.change_user) {
    // The log files are opened before dropping privileges; the descriptors stay usable.
    if (setgroups(plan.groups.size(), plan.groups.data()) != 0) ChildFail(report_fd, 3);
    if (setgid(plan.gid) != 0) ChildFail(report_fd, 4);
    if (setuid(plan.uid) != 0) ChildFail(report_fd, 5);
  }
  // After the uid change (which clears it), before exec.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  if (!o.cwd.empty() && chdir(o.cwd.c_str()) != 0) ChildFail(report_fd, 6);
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  // Nothing else of ours leaks into the program (the report pipe closes on exec).
  syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
  execve(plan.program.c_str(), plan.argv.data(), plan.envp.data());
  ChildFail(report_fd, 7);
}

}  // namespace

std::string ExitStatus::ToString() const {
  if (signal != 0) {
    const char* name = strsignal(signal);
    return "killed by signal " + std::to_string(signal) + " (" + (name ? name : "?") + ")";
  }
  return "exit code " + std::to_string(code);
}

core::Result<std::unique_ptr<ChildProcess>> ChildProcess::Start(ChildOptions options) {
  if (options.argv.empty()) return core::InvalidArgument("ChildProcess: empty argv");
  ExecPlan plan;
  auto program = LookupProgram(options.argv[0]);
  if (!program) {
    return core::NotFound("cannot run '" + options.argv[0] + "': not found in PATH");
  }
  plan.program = *program;
  CORE_RETURN_IF_ERROR(PlanUser(options.run_as_user, plan));
  plan.argv_storage = options.argv;
  plan.env_storage = MergedEnvironment(options.env);
  for (auto& a : plan.argv_storage)
    plan.argv.push_back(a.data());
  plan.argv.push_back(nullptr);
  for (auto& e : plan.env_storage)
    plan.envp.push_back(e.data());
  plan.envp.push_back(nullptr);

  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return core::ErrnoStatus(errno, "pipe2");
  EmergencyCleanup::Install();
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(report[0]);
    close(report[1]);
    return core::ErrnoStatus(e, "fork");
  }
  if (pid == 0) {
    close(report[0]);
    RunChild(options, plan, parent, report[1]);
  }
  close(report[1]);
  EmergencyCleanup::RegisterChild(pid);
  ChildFailure failure;
  ssize_t n;
  do {
    n = read(report[0], &failure, sizeof failure);
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  std::unique_ptr<ChildProcess> child(new ChildProcess(std::move(options), pid));
  if (n == static_cast<ssize_t>(sizeof failure)) {
    child->Reap(true);
    return core::ErrnoStatus(failure.err, std::string("cannot run '") + child->options_.argv[0] +
                                              "': " + kSteps[failure.step]);
  }
  return child;
}

ChildProcess::~ChildProcess() {
  if (!reaped_) Stop();
}

bool ChildProcess::Reap(bool block) {
  if (reaped_) return true;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  reaped_ = true;
  EmergencyCleanup::UnregisterChild(pid_);
  if (r < 0) return true;  // not our child any more (reaped elsewhere): treat as gone
  if (WIFEXITED(status)) exit_status_.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit_status_.signal = WTERMSIG(status);
  return true;
}

bool ChildProcess::IsRunning() {
  return !Reap(false);
}

core::Result<ExitStatus> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (!Reap(false)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return core::DeadlineExceeded("'" + options_.argv[0] + "' (pid " + std::to_string(pid_) +
                                    ") still running after " + std::to_string(timeout.count()) +
                                    " ms");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  return exit_status_;
}

ExitStatus ChildProcess::Stop(std::chrono::milliseconds grace, int signal) {
  if (Reap(false)) return exit_status_;
  // One signal per process: the child leads its own group, so the group signal reaches it (a
  // second direct kill would count as a second signal: rigatoni exits at once on that). Only if
  // the group is gone already (the child left it) is the pid signalled directly.
  if (kill(-pid_, signal) != 0) kill(pid_, signal);
  if (grace.count() > 0 && Wait(grace).ok()) {
    kill(-pid_, SIGKILL);  // leftovers of the group (e.g. helpers the server forked)
    return exit_status_;
  }
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  Reap(true);
  return exit_status_;
}

std::string ChildProcess::LogTail(size_t max_lines) const {
  if (options_.log_path.empty()) return "";
  return FileTail(options_.log_path, max_lines);
}

std::string FileTail(const std::string& path, size_t max_lines) {
  std::ifstream in(path);
  if (!in) return "";
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(std::move(line));
    if (lines.size() > max_lines) lines.pop_front();
  }
  std::string out;
  for (const auto& l : lines)
    out += l + "\n";
  return out;
}

}  // namespace testing_support
