// A real PostgreSQL 15 server on a free loopback port with its own temp cluster.
//
// initdb and postgres refuse to run as root, so both run as the `postgres` user in a temp
// directory owned by it; the `postgres` binary is started directly (not via pg_ctl) so it is our
// child and dies with us (PDEATHSIG). Superuser `test`, trust auth, UTF8, fsync off.
//
// Lifetime: the server runs until Stop() or destruction (which also removes the cluster).
// Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace testing_support {

class PostgresServer {
 public:
  // Where the server binaries live (Debian's postgresql-15).
  static constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

  // Runs initdb, starts the server and waits until it accepts connections. Fails with an install
  // hint when a binary is missing, or with the log tail when the server does not come up.
  static core::Result<std::unique_ptr<PostgresServer>> Start();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Fast shutdown (SIGINT: aborts open sessions, checkpoints) and start again on the same port
  // with the same cluster. Also brings a Stop()ped or Kill()ed server back.
  core::Status Restart();
  void Stop();
  // SIGKILL of the postmaster: a crash (the next start runs crash recovery).
  void Kill();

  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }
  std::string user() const { return "test"; }
  // postgresql://test@127.0.0.1:P/db
  std::string url(const std::string& database) const;
  std::string data_dir() const { return dir_.File("data"); }
  std::string log_path() const { return dir_.File("postgres.log"); }
  std::string LogTail(size_t max_lines = 30) const;
  std::chrono::milliseconds initdb_duration() const { return initdb_duration_; }
  std::chrono::milliseconds last_start_duration() const { return last_start_duration_; }

  // CREATE DATABASE "name" (owner test). Fails with psql's message, e.g. when it exists.
  core::Status CreateDatabase(const std::string& name);
  // A psql invocation for `database`: -X (no psqlrc), unaligned tuples-only output,
  // ON_ERROR_STOP, then `args`.
  ChildOptions PsqlCommand(const std::string& database, const std::vector<std::string>& args) const;
  // Runs `sql` with psql in `database`; returns stdout (rows as `a|b` lines). Error with
  // psql's stderr when any statement fails.
  core::Result<std::string> Sql(const std::string& database, const std::string& sql) const;

 private:
  PostgresServer();
  core::Status InitCluster();
  core::Status Launch();
  core::Status WaitUntilReady();

  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  std::chrono::milliseconds initdb_duration_{0};
  std::chrono::milliseconds last_start_duration_{0};
};

}  // namespace testing_support
