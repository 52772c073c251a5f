#include "support/postgres_server.h"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "support/emergency_cleanup.h"
#include "support/free_port.h"
#include "support/program_path.h"
#include "support/run_command.h"

namespace testing_support {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr const char* kServerUser = "postgres";
const std::string kPackageHint = DebianPackageHint("postgresql-15");

std::string Bin(const char* name) {
  return std::string(PostgresServer::kBinDir) + "/" + name;
}

// Line 8 of postmaster.pid is the postmaster's status; "ready" once it accepts connections.
bool PostmasterReady(const std::string& data_dir) {
  std::ifstream in(data_dir + "/postmaster.pid");
  std::string line;
  for (int i = 0; i < 8 && std::getline(in, line); ++i) {
  }
  return line.rfind("ready", 0) == 0;
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

PostgresServer::PostgresServer() : dir_("rr-pg-") {
  EmergencyCleanup::RegisterDirectory(dir_.path().string());
}

PostgresServer::~PostgresServer() {
  Stop();
  EmergencyCleanup::UnregisterDirectory(dir_.path().string());
}

core::Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  for (const char* name : {"initdb", "postgres"}) {
    CORE_RETURN_IF_ERROR(RequireProgram(Bin(name), kPackageHint).status());
  }
  CORE_RETURN_IF_ERROR(RequireProgram("psql", DebianPackageHint("postgresql-client-15")).status());
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  CORE_RETURN_IF_ERROR(server->InitCluster());
  CORE_RETURN_IF_ERROR(server->Launch());
  return server;
}

core::Status PostgresServer::InitCluster() {
  passwd* pw = getpwnam(kServerUser);
  if (pw == nullptr) {
    return core::NotFound("user 'postgres' does not exist: install " + kPackageHint +
                          " (bash scripts/setup.sh)");
  }
  if (chown(dir_.path().c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return core::ErrnoStatus(errno, "chown " + dir_.path().string() + " to postgres");
  }
  port_ = FreePort();
  auto t0 = std::chrono::steady_clock::now();
  ChildOptions o;
  o.argv = {Bin("initdb"), "-D", data_dir(), "-U",       user(),    "-A",
            "trust",       "-E", "UTF8",     "--locale", "C.UTF-8", "--no-sync"};
  o.run_as_user = kServerUser;
  o.cwd = dir_.path().string();
  CORE_ASSIGN_OR_RETURN(CommandResult r, RunCommand(std::move(o), kStartTimeout));
  if (!r.success()) return core::Internal("initdb failed: " + r.Describe());
  initdb_duration_ =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  return {};
}

core::Status PostgresServer::Launch() {
  auto t0 = std::chrono::steady_clock::now();
  ChildOptions o;
  o.argv = {Bin("postgres"),
            "-D",
            data_dir(),
            "-p",
            std::to_string(port_),
            "-k",
            dir_.path().string(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off"};
  o.run_as_user = kServerUser;
  o.cwd = dir_.path().string();
  o.log_path = log_path();
  CORE_ASSIGN_OR_RETURN(process_, ChildProcess::Start(std::move(o)));
  core::Status ready = WaitUntilReady();
  if (!ready.ok()) {
    std::string tail = LogTail();
    process_->Kill();
    return core::Unavailable("postgres did not start: " + ready.message() + "\nlog tail (" +
                             log_path() + "):\n" + tail);
  }
  last_start_duration_ =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  return {};
}

core::Status PostgresServer::WaitUntilReady() {
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (!PostmasterReady(data_dir())) {
    if (!process_->IsRunning()) {
      return core::Unavailable("postgres exited (" + process_->exit_status().ToString() + ")");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return core::DeadlineExceeded("not ready after " + std::to_string(kStartTimeout.count()) +
                                    " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return WaitForPort(host(), port_, std::chrono::seconds(10), process_.get());
}

core::Status PostgresServer::Restart() {
  Stop();
  return Launch();
}

void PostgresServer::Stop() {
  if (process_) process_->Stop(std::chrono::seconds(30), SIGINT);
}

void PostgresServer::Kill() {
  if (process_) process_->Kill();
}

std::string PostgresServer::url(const std::string& database) const {
  return "postgresql://" + user() + "@" + host() + ":" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::LogTail(size_t max_lines) const {
  return FileTail(log_path(), max_lines);
}

ChildOptions PostgresServer::PsqlCommand(const std::string& database,
                                         const std::vector<std::string>& args) const {
  ChildOptions o;
  o.argv = {"psql",
            "-X",
            "-A",
            "-t",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            host(),
            "-p",
            std::to_string(port_),
            "-U",
            user(),
            "-d",
            database};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  return o;
}

core::Result<std::string> PostgresServer::Sql(const std::string& database,
                                              const std::string& sql) const {
  CORE_ASSIGN_OR_RETURN(CommandResult r, RunCommand(PsqlCommand(database, {"-f", "-"}),
                                                    std::chrono::seconds(60), sql));
  if (!r.success()) return core::Unavailable("psql in database " + database + ": " + r.Describe());
  return r.out;
}

core::Status PostgresServer::CreateDatabase(const std::string& name) {
  return Sql("postgres", "CREATE DATABASE " + QuoteIdentifier(name) + ";").status();
}

}  // namespace testing_support
