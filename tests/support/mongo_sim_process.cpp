#include "mongo_sim_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <poll.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace testing_support {

std::string MongoSimProcess::BinaryPath() {
  return std::string(PROJECT_BINARY_DIR) + "/apps/mongo-sim/mongo-sim";
}

MongoSimProcess::MongoSimProcess(std::vector<std::string> extra_args) {
  if (const char* external = std::getenv("MONGODB_TEST_URI"); external && *external) {
    uri_ = external;
    return;
  }
  int out[2];
  if (::pipe(out) != 0) {
    std::perror("mongo-sim: pipe");
    std::abort();
  }
  std::string binary = BinaryPath();
  std::vector<std::string> args = {binary, "--port", "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> argv;
    for (std::string& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    std::fprintf(stderr, "mongo-sim: exec %s: %s\n", binary.c_str(), std::strerror(errno));
    ::_exit(127);
  }
  ::close(out[1]);
  // Read the "mongo-sim listening on HOST:PORT" line.
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, size_t(n));
  }
  ::close(out[0]);
  size_t colon = line.rfind(':');
  if (line.find("listening on") == std::string::npos || colon == std::string::npos) {
    std::fprintf(stderr, "mongo-sim (%s) did not start: output was '%s'\n", binary.c_str(),
                 line.c_str());
    Stop();
    std::abort();
  }
  port_ = std::atoi(line.c_str() + colon + 1);
  uri_ = "mongodb://127.0.0.1:" + std::to_string(port_) + "/?replicaSet=rs0";
}

int MongoSimProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

MongoSimProcess::~MongoSimProcess() {
  Stop();
}

}  // namespace testing_support
