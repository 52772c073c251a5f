// Starts the in-repo MongoDB simulator (apps/mongo-sim) as a child process on a free port, for
// tests. Or, when MONGODB_TEST_URI is set, starts nothing and hands out that URI so the same tests
// run against a real replica set.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace testing_support {

class MongoSimProcess {
 public:
  // Starts `mongo-sim --port 0 <extra_args>` and waits for its "listening on" line. Aborts the
  // test binary (with the reason) if it does not come up within 10 s.
  explicit MongoSimProcess(std::vector<std::string> extra_args = {});
  // Sends SIGTERM and waits for the process to exit.
  ~MongoSimProcess();
  MongoSimProcess(const MongoSimProcess&) = delete;
  MongoSimProcess& operator=(const MongoSimProcess&) = delete;

  // True when a real deployment from MONGODB_TEST_URI is used instead of the simulator.
  bool external() const { return pid_ <= 0; }
  int port() const { return port_; }
  // mongodb://127.0.0.1:<port>/?replicaSet=rs0 (or MONGODB_TEST_URI).
  const std::string& uri() const { return uri_; }

  // Sends SIGTERM and waits; returns the exit status as from waitpid (-1 if external).
  int Stop();

  // Path of the built simulator binary.
  static std::string BinaryPath();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string uri_;
};

}  // namespace testing_support
