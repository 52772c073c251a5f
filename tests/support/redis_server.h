// A real redis-server on a free loopback port with its own temp directory.
//
// Lifetime: the server runs until Stop() or destruction (which also removes the directory).
// Not thread-safe: tests drive one RedisServer from one thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace testing_support {

struct RedisOptions {
  std::string password;      // empty: no AUTH required
  bool tls = false;          // TLS only (plain port disabled), self-signed cert for 127.0.0.1
  bool persistence = false;  // AOF with fsync always: data survives Restart() and Kill()

  // "plain", "password+tls+persistence", ...: identifies a configuration (SharedRedis keys).
  std::string Name() const;
};

class RedisServer {
 public:
  // Starts redis-server and waits until it accepts connections. Fails with an install hint when
  // redis-server (or openssl for TLS) is missing, or with the server's log tail if it dies.
  static core::Result<std::unique_ptr<RedisServer>> Start(RedisOptions options = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Stops the server (SIGTERM, so Redis flushes its AOF) and starts it again on the same port
  // with the same data directory. Also brings a Stop()ped or Kill()ed server back.
  core::Status Restart();
  // Graceful stop (SIGTERM); the data directory stays until destruction.
  void Stop();
  // SIGKILL: a crash.
  void Kill();

  const RedisOptions& options() const { return options_; }
  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }
  // redis://:pw@127.0.0.1:P/db, or rediss://... with TLS. Contains the password: never log it.
  std::string url(int db = 0) const;
  // PEM of the self-signed certificate (TLS only; also the CA to trust).
  std::string ca_cert_path() const { return dir_.File("tls.crt"); }
  std::string data_dir() const { return dir_.File("data"); }
  std::string log_path() const { return dir_.File("redis.log"); }
  std::string LogTail(size_t max_lines = 30) const;
  // How long the last (re)start took, from exec to accepting connections.
  std::chrono::milliseconds last_start_duration() const { return last_start_duration_; }

  // A redis-cli invocation for this server: connection flags (and --tls --insecure), then `args`.
  // The password travels in REDISCLI_AUTH, never in argv.
  ChildOptions CliCommand(const std::vector<std::string>& args) const;
  // Runs redis-cli with `args` and returns its stdout without the trailing newline. An error when
  // redis-cli fails or Redis answers with an error reply (the message carries the reply).
  core::Result<std::string> Cli(const std::vector<std::string>& args) const;

 private:
  explicit RedisServer(RedisOptions options);
  core::Status Configure();
  core::Status Launch();

  RedisOptions options_;
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  std::chrono::milliseconds last_start_duration_{0};
};

}  // namespace testing_support
