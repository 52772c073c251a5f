#include "support/promtool.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_dir.h"

extern char** environ;

namespace testing_support {
namespace {

// The first executable "promtool" in $PATH, or "" if none.
std::string FindPromtool() {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::filesystem::path dir(dirs.substr(0, colon));
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    std::filesystem::path candidate = (dir.empty() ? std::filesystem::path(".") : dir) / "promtool";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

}  // namespace

core::Result<std::string> PromtoolCheckMetrics(std::string_view exposition) {
  std::string promtool = FindPromtool();
  if (promtool.empty()) {
    return core::NotFound("promtool not found: run scripts/setup.sh (Debian package prometheus)");
  }

  // stdin comes from a file, so a large exposition cannot deadlock against promtool's output.
  TempDir dir("promtool-");
  std::string input = dir.File("exposition.txt");
  {
    int fd = ::open(input.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return core::ErrnoStatus(errno, "open " + input);
    std::string_view rest = exposition;
    while (!rest.empty()) {
      ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int err = errno;
        ::close(fd);
        return core::ErrnoStatus(err, "write " + input);
      }
      rest.remove_prefix(static_cast<size_t>(n));
    }
    ::close(fd);
  }

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return core::ErrnoStatus(errno, "pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  std::vector<char*> argv = {const_cast<char*>(promtool.c_str()), const_cast<char*>("check"),
                             const_cast<char*>("metrics"), nullptr};
  pid_t pid;
  int spawn_err = ::posix_spawn(&pid, promtool.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawn_err != 0) {
    ::close(out[0]);
    return core::ErrnoStatus(spawn_err, "spawn " + promtool);
  }

  std::string output;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n > 0) {
      output.append(buf, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  ::close(out[0]);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return output;
  std::string message = "promtool check metrics failed (";
  message.append(WIFEXITED(wstatus) ? "exit " : "signal ");
  message.append(std::to_string(WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus)));
  message.append("): ").append(output);
  return core::InvalidArgument(std::move(message));
}

}  // namespace testing_support
