#include "support/rados_gw.h"

#include <fstream>
#include <random>

#include "support/emergency_cleanup.h"
#include "support/free_port.h"
#include "support/program_path.h"
#include "support/run_command.h"

namespace testing_support {
namespace {

constexpr auto kStepTimeout = std::chrono::seconds(90);

std::string RandomUuid() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    int v = static_cast<int>(gen() & 15);
    if (i == 12) v = 4;            // version 4
    if (i == 16) v = 8 | (v & 3);  // variant 10xx
    out += hex[v];
  }
  return out;
}

// The Debian package of each Ceph program, for install hints.
const std::vector<std::pair<std::string, std::string>> kPrograms = {
    {"ceph-mon", "ceph-mon"},        {"ceph-osd", "ceph-osd"},         {"radosgw", "radosgw"},
    {"monmaptool", "ceph-base"},     {"ceph-authtool", "ceph-common"}, {"ceph", "ceph-common"},
    {"radosgw-admin", "ceph-common"}};

}  // namespace

RadosGw::RadosGw() : dir_("rr-rgw-") {
  EmergencyCleanup::RegisterDirectory(dir_.path().string());
}

RadosGw::~RadosGw() {
  Stop();
  EmergencyCleanup::UnregisterDirectory(dir_.path().string());
}

core::Result<std::unique_ptr<RadosGw>> RadosGw::Start() {
  for (const auto& [program, package] : kPrograms) {
    CORE_RETURN_IF_ERROR(RequireProgram(program, DebianPackageHint(package)).status());
  }
  auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<RadosGw> gw(new RadosGw());
  core::Status st = gw->Bootstrap();
  if (!st.ok()) {
    std::string tail = gw->LogTail();
    gw->Stop();
    return core::Unavailable("radosgw cluster did not start: " + st.message() + "\n" + tail);
  }
  gw->start_duration_ =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  return gw;
}

std::string RadosGw::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(rgw_port_);
}

core::Status RadosGw::WriteConfig() {
  for (const char* sub : {"mon", "osd/osd.0", "run", "log", "rgw"}) {
    std::filesystem::create_directories(dir_.File(sub));
  }
  const std::string d = dir_.path().string();
  std::ofstream conf(dir_.File("ceph.conf"));
  conf << "[global]\n"
       << "fsid = " << fsid_ << "\n"
       << "mon host = v1:127.0.0.1:" << mon_port_ << "\n"
       << "mon initial members = a\n"
       << "auth cluster required = none\n"
       << "auth service required = none\n"
       << "auth client required = none\n"
       << "ms bind msgr2 = false\n"
       << "osd pool default size = 1\n"
       << "osd pool default min size = 1\n"
       << "osd pool default pg num = 8\n"
       << "osd pool default pgp num = 8\n"
       << "mon allow pool size one = true\n"
       << "mon warn on pool no redundancy = false\n"
       << "osd crush chooseleaf type = 0\n"
       << "run dir = " << d << "/run\n"
       << "admin socket = " << d << "/run/$name.asok\n"
       << "log file = " << d << "/log/$name.log\n"
       << "pid file = " << d << "/run/$name.pid\n"
       << "keyring = " << d << "/keyring\n"
       << "mon data = " << d << "/mon/$name\n"
       << "osd data = " << d << "/osd/$name\n"
       << "osd objectstore = memstore\n"
       << "memstore device bytes = 2147483648\n"
       << "[client.rgw]\n"
       << "rgw frontends = beast endpoint=127.0.0.1:" << rgw_port_ << "\n"
       << "rgw data = " << d << "/rgw\n";
  conf.close();
  if (!conf) return core::Internal("cannot write " + dir_.File("ceph.conf"));
  return {};
}

// Runs a Ceph tool with our config; `args[0]` is the program.
core::Status RadosGw::Ceph(const std::vector<std::string>& args, std::string* out) {
  ChildOptions o;
  o.argv = {args[0], "-c", dir_.File("ceph.conf")};
  o.argv.insert(o.argv.end(), args.begin() + 1, args.end());
  CORE_ASSIGN_OR_RETURN(CommandResult r, RunCommand(std::move(o), kStepTimeout));
  if (!r.success()) return core::Internal(args[0] + " " + args[1] + " failed: " + r.Describe());
  if (out != nullptr) *out = r.out;
  return {};
}

core::Status RadosGw::StartDaemon(std::vector<std::string> argv, const std::string& name,
                                  std::unique_ptr<ChildProcess>* slot) {
  ChildOptions o;
  o.argv = std::move(argv);
  o.log_path = dir_.File("log/" + name + ".out");
  CORE_ASSIGN_OR_RETURN(*slot, ChildProcess::Start(std::move(o)));
  return {};
}

core::Status RadosGw::Bootstrap() {
  mon_port_ = FreePort();
  rgw_port_ = FreePort();
  while (rgw_port_ == mon_port_)
    rgw_port_ = FreePort();
  fsid_ = RandomUuid();
  CORE_RETURN_IF_ERROR(WriteConfig());
  const std::string conf = dir_.File("ceph.conf");

  // Monitor. `--addv` with an explicit v1 address: plain `--add` makes the cluster hang.
  CORE_RETURN_IF_ERROR(Ceph({"ceph-authtool", "--create-keyring", dir_.File("keyring"), "--gen-key",
                             "-n", "mon.", "--cap", "mon", "allow *"}));
  ChildOptions monmap;
  monmap.argv = {"monmaptool",
                 "--create",
                 "--fsid",
                 fsid_,
                 "--addv",
                 "a",
                 "[v1:127.0.0.1:" + std::to_string(mon_port_) + "]",
                 dir_.File("monmap")};
  CORE_ASSIGN_OR_RETURN(CommandResult mm, RunCommand(std::move(monmap)));
  if (!mm.success()) return core::Internal("monmaptool failed: " + mm.Describe());
  CORE_RETURN_IF_ERROR(Ceph({"ceph-mon", "--mkfs", "-i", "a", "--monmap", dir_.File("monmap"),
                             "--keyring", dir_.File("keyring")}));
  CORE_RETURN_IF_ERROR(StartDaemon({"ceph-mon", "-c", conf, "-i", "a", "-f"}, "mon.a", &mon_));
  CORE_RETURN_IF_ERROR(WaitForPort("127.0.0.1", mon_port_, kStepTimeout, mon_.get()));

  // One memstore OSD; its uuid must be registered with the monitor before mkfs.
  const std::string osd_uuid = RandomUuid();
  CORE_RETURN_IF_ERROR(Ceph({"ceph", "--connect-timeout", "60", "osd", "new", osd_uuid}));
  CORE_RETURN_IF_ERROR(Ceph({"ceph-osd", "-i", "0", "--mkfs", "--osd-uuid", osd_uuid}));
  CORE_RETURN_IF_ERROR(StartDaemon({"ceph-osd", "-c", conf, "-i", "0", "-f"}, "osd.0", &osd_));

  // radosgw, and the S3 user (radosgw-admin talks to the cluster, not to radosgw).
  CORE_RETURN_IF_ERROR(
      StartDaemon({"radosgw", "-c", conf, "-n", "client.rgw", "-f"}, "client.rgw", &rgw_));
  CORE_RETURN_IF_ERROR(Ceph({"radosgw-admin", "-n", "client.admin", "user", "create", "--uid",
                             "rr-test", "--display-name", "rr test", "--access-key", access_key(),
                             "--secret-key", secret_key()}));
  CORE_RETURN_IF_ERROR(WaitForPort("127.0.0.1", rgw_port_, kStepTimeout, rgw_.get()));
  if (!osd_->IsRunning()) {
    return core::Unavailable("ceph-osd exited (" + osd_->exit_status().ToString() + ")");
  }

  // The first bucket creates the data and index pools (seconds); pay that here, once.
  S3Cli cli(s3());
  CORE_RETURN_IF_ERROR(cli.CreateBucket("rr-warmup"));
  return {};
}

void RadosGw::Stop() {
  for (auto* daemon : {&rgw_, &osd_, &mon_}) {
    if (*daemon) (*daemon)->Stop(std::chrono::seconds(3));
  }
}

std::string RadosGw::LogTail(size_t max_lines) const {
  std::string out;
  for (const char* name : {"mon.a", "osd.0", "client.rgw", "client.admin"}) {
    std::string path = dir_.File(std::string("log/") + name + ".log");
    std::string tail = FileTail(path, max_lines);
    if (tail.empty()) tail = FileTail(dir_.File(std::string("log/") + name + ".out"), max_lines);
    if (!tail.empty()) out += "--- " + path + ":\n" + tail;
  }
  return out;
}

}  // namespace testing_support
