#include "support/redis_server.h"

#include <fstream>

#include "support/emergency_cleanup.h"
#include "support/free_port.h"
#include "support/program_path.h"
#include "support/run_command.h"
#include "support/self_signed_cert.h"

namespace testing_support {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(20);

std::string TrimNewlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.pop_back();
  return s;
}

}  // namespace

std::string RedisOptions::Name() const {
  std::string name;
  auto add = [&](const char* part) { name += name.empty() ? part : std::string("+") + part; };
  if (!password.empty()) add("password");
  if (tls) add("tls");
  if (persistence) add("persistence");
  return name.empty() ? "plain" : name;
}

RedisServer::RedisServer(RedisOptions options) : options_(std::move(options)), dir_("rr-redis-") {
  EmergencyCleanup::RegisterDirectory(dir_.path().string());
}

RedisServer::~RedisServer() {
  Stop();
  EmergencyCleanup::UnregisterDirectory(dir_.path().string());
}

core::Result<std::unique_ptr<RedisServer>> RedisServer::Start(RedisOptions options) {
  std::unique_ptr<RedisServer> server(new RedisServer(std::move(options)));
  CORE_RETURN_IF_ERROR(server->Configure());
  CORE_RETURN_IF_ERROR(server->Launch());
  return server;
}

core::Status RedisServer::Configure() {
  CORE_RETURN_IF_ERROR(RequireProgram("redis-server", DebianPackageHint("redis-server")).status());
  port_ = FreePort();
  std::filesystem::create_directories(data_dir());
  // A config file keeps the password out of argv (and so out of `ps`).
  std::ofstream conf(dir_.File("redis.conf"));
  conf << "bind 127.0.0.1\n"
       << "daemonize no\n"
       << "protected-mode no\n"
       << "logfile \"\"\n"
       << "dir " << data_dir() << "\n"
       << "save \"\"\n";
  if (options_.persistence) {
    conf << "appendonly yes\nappendfsync always\n";
  } else {
    conf << "appendonly no\n";
  }
  if (!options_.password.empty()) conf << "requirepass \"" << options_.password << "\"\n";
  if (options_.tls) {
    CORE_RETURN_IF_ERROR(MakeSelfSignedCert(ca_cert_path(), dir_.File("tls.key")));
    conf << "port 0\n"
         << "tls-port " << port_ << "\n"
         << "tls-cert-file " << ca_cert_path() << "\n"
         << "tls-key-file " << dir_.File("tls.key") << "\n"
         << "tls-ca-cert-file " << ca_cert_path() << "\n"
         << "tls-auth-clients no\n";
  } else {
    conf << "port " << port_ << "\n";
  }
  conf.close();
  if (!conf) return core::Internal("cannot write " + dir_.File("redis.conf"));
  return {};
}

core::Status RedisServer::Launch() {
  auto t0 = std::chrono::steady_clock::now();
  ChildOptions o;
  o.argv = {"redis-server", dir_.File("redis.conf")};
  o.log_path = log_path();
  CORE_ASSIGN_OR_RETURN(process_, ChildProcess::Start(std::move(o)));
  core::Status up = WaitForPort(host(), port_, kStartTimeout, process_.get());
  if (!up.ok()) {
    std::string tail = LogTail();
    process_->Kill();
    return core::Unavailable("redis-server did not start: " + up.message() + "\nlog tail (" +
                             log_path() + "):\n" + tail);
  }
  last_start_duration_ =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  return {};
}

core::Status RedisServer::Restart() {
  Stop();
  return Launch();
}

void RedisServer::Stop() {
  if (process_) process_->Stop(std::chrono::seconds(10));
}

void RedisServer::Kill() {
  if (process_) process_->Kill();
}

std::string RedisServer::url(int db) const {
  std::string auth = options_.password.empty() ? "" : ":" + options_.password + "@";
  return std::string(options_.tls ? "rediss://" : "redis://") + auth + host() + ":" +
         std::to_string(port_) + "/" + std::to_string(db);
}

std::string RedisServer::LogTail(size_t max_lines) const {
  return FileTail(log_path(), max_lines);
}

ChildOptions RedisServer::CliCommand(const std::vector<std::string>& args) const {
  ChildOptions o;
  o.argv = {"redis-cli", "-h", host(), "-p", std::to_string(port_)};
  if (options_.tls) {
    o.argv.insert(o.argv.end(), {"--tls", "--insecure"});
  }
  if (!options_.password.empty()) o.env.emplace_back("REDISCLI_AUTH", options_.password);
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  return o;
}

core::Result<std::string> RedisServer::Cli(const std::vector<std::string>& args) const {
  CORE_RETURN_IF_ERROR(RequireProgram("redis-cli", DebianPackageHint("redis-tools")).status());
  CORE_ASSIGN_OR_RETURN(CommandResult r, RunCommand(CliCommand(args)));
  std::string out = TrimNewlines(r.out);
  // Without a tty redis-cli prints error replies as "ERR ...", "NOAUTH ...", "WRONGPASS ...".
  bool error_reply = out.rfind("ERR", 0) == 0 || out.rfind("NOAUTH", 0) == 0 ||
                     out.rfind("WRONGPASS", 0) == 0 || out.rfind("(error)", 0) == 0;
  if (!r.success() || error_reply) {
    return core::Unavailable("redis-cli " + (args.empty() ? "" : args[0]) +
                             " failed: " + (error_reply ? out : r.Describe()));
  }
  return out;
}

}  // namespace testing_support
