// rigatoni against faults: a full disk under the lake, a lake that cannot be written, a dropped
// collection (invalidate), and a resume token that fell out of the oplog (code 286).
// Mounting tmpfs needs root (the tests run as root in CI).
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "rigatoni_workload.h"
#include "support/free_port.h"
#include "support/run_command.h"

namespace rigatoni_e2e {
namespace {

using testing_support::RigatoniProcess;
using namespace std::chrono_literals;

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new SimEnvironment);

// A tmpfs mounted at `path` for the scope; lazily unmounted at the end.
class TmpfsMount {
 public:
  TmpfsMount(const std::filesystem::path& path, const std::string& options) : path_(path) {
    std::filesystem::create_directories(path);
    const unsigned long flags = options.find("ro") == 0 ? MS_RDONLY : 0;
    mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", flags, options.c_str()) == 0;
    error_ = mounted_ ? "" : std::strerror(errno);
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool Remount(const std::string& options) {
    return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT, options.c_str()) == 0;
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
  std::string error_;
};

void InsertRange(MongoWriter& mongo, const std::string& coll, const std::string& prefix, int from,
                 int count, size_t payload_bytes = 16) {
  const std::string payload(payload_bytes, 'x');
  for (int i = from; i < from + count; ++i) {
    const std::string id = prefix + std::to_string(i);
    ASSERT_TRUE(mongo.Insert(
        coll, BCON_NEW("_id", BCON_UTF8(id.c_str()), "payload", BCON_UTF8(payload.c_str()))))
        << mongo.error();
  }
}

// The first log line containing every one of `parts` ("" if none).
std::string LogLineWith(const std::string& log, const std::vector<std::string>& parts) {
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    bool all = true;
    for (const auto& p : parts)
      all = all && line.find(p) != std::string::npos;
    if (all) return line;
    start = end + 1;
  }
  return "";
}

TEST(RigatoniDiskFullTest, FailsLoudlyThenLosesNothingAfterSpaceIsFreed) {
  constexpr int kEvents = 120;
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  TmpfsMount lake(dirs.lake, "size=96k");
  ASSERT_TRUE(lake.mounted()) << "mounting a tmpfs needs root: " << lake.error();
  auto env = BaseEnv(dirs, db, "c");
  SetEnv(env, "BATCH_SIZE", "10");
  SetEnv(env, "MAX_RETRIES", "2");
  SetEnv(env, "RETRY_DELAY_MS", "200");
  SetEnv(env, "MAX_RETRY_DELAY_MS", "400");
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("full"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));

  // ~4 KiB per event: 120 events do not fit in 96 KiB.
  MongoWriter mongo(db);
  InsertRange(mongo, "c", "d", 0, kEvents, 4000);
  std::string failing_health;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while ((*rigatoni)->process().IsRunning() && std::chrono::steady_clock::now() < deadline) {
    auto health = (*rigatoni)->Get("/health");
    if (health.ok() && health->status != 200 && failing_health.empty()) {
      failing_health = std::to_string(health->status) + " " + health->body;
    }
    std::this_thread::sleep_for(10ms);
  }
  auto exit = (*rigatoni)->WaitExit(10s);
  ASSERT_TRUE(exit.ok()) << exit.status().ToString();
  EXPECT_EQ(exit->code, 1) << (*rigatoni)->LogTail();
  EXPECT_EQ(failing_health.rfind("503 ", 0), 0u) << failing_health;
  EXPECT_NE(failing_health.find("No space left on device"), std::string::npos) << failing_health;
  // The final error names the object key, the file and the cause.
  const std::string line =
      LogLineWith((*rigatoni)->Log(), {"rigatoni stopped on error", "write " + db + "/c/",
                                       dirs.lake.string() + "/" + db + "/c/", ".jsonl.tmp-",
                                       "No space left on device"});
  EXPECT_NE(line, "") << (*rigatoni)->Log();
  EXPECT_NE((*rigatoni)->Log().find("\"level\":\"error\""), std::string::npos);
  const uint64_t before = testing_support::CountJsonLinesEvents(dirs.lake);
  EXPECT_LT(before, static_cast<uint64_t>(kEvents));

  // Free space and restart: every event exactly once.
  ASSERT_TRUE(lake.Remount("size=16m")) << std::strerror(errno);
  auto second = RigatoniProcess::Start(env, dirs.Log("freed"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, kEvents, 60s, second->get())));
  EXPECT_EQ((*second)->Terminate().code, 0) << (*second)->LogTail();
  auto rows = QueryJsonLines(
      dirs.lake,
      "SELECT count(*) AS n, count(DISTINCT json_extract_string(json, '$._id._data')) AS tokens, "
      "count(DISTINCT json_extract_string(json, '$.documentKey._id')) AS docs FROM events");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "{\"n\":\"120\",\"tokens\":\"120\",\"docs\":\"120\"}");
}

// Runs rigatoni to completion and returns its exit code and stderr.
testing_support::CommandResult RunRigatoni(const testing_support::EnvList& env) {
  testing_support::ChildOptions options;
  options.argv = {RigatoniProcess::BinaryPath()};
  options.env = env;
  options.env.emplace_back("ADMIN_BIND_ADDRESS",
                           "127.0.0.1:" + std::to_string(testing_support::FreePort()));
  auto result = testing_support::RunCommand(options, 30s);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : testing_support::CommandResult{};
}

TEST(RigatoniLakeTest, ALakeThatIsAFileOrReadOnlyIsAConfigError) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  std::ofstream(dirs.lake) << "not a directory";
  auto r = RunRigatoni(BaseEnv(dirs, db, "c"));
  EXPECT_EQ(r.status.code, 2) << r.err;
  EXPECT_EQ(r.err, "rigatoni: lake: " + dirs.lake.string() +
                       " is not a directory; expected a writable directory\n");

  std::filesystem::remove(dirs.lake);
  TmpfsMount read_only(dirs.lake, "ro,size=1m");
  ASSERT_TRUE(read_only.mounted()) << "mounting a tmpfs needs root: " << read_only.error();
  r = RunRigatoni(BaseEnv(dirs, db, "c"));
  EXPECT_EQ(r.status.code, 2) << r.err;
  EXPECT_EQ(r.err, "rigatoni: lake: directory " + dirs.lake.string() +
                       " is not writable: Read-only file system\n");
}

TEST(RigatoniInvalidateTest, DroppedCollectionEndsItsStreamOthersKeepFlowing) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  auto rigatoni = RigatoniProcess::Start(BaseEnv(dirs, db, "gone,kept"), dirs.Log("rigatoni"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  MongoWriter mongo(db);
  InsertRange(mongo, "gone", "g", 0, 10);
  InsertRange(mongo, "kept", "k", 0, 10);
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 20, 30s, rigatoni->get())));
  ASSERT_TRUE(mongo.Drop("gone")) << mongo.error();

  std::string ready;
  for (int i = 0; i < 200; ++i) {
    auto reply = (*rigatoni)->Get("/ready");
    if (reply.ok()) ready = std::to_string(reply->status) + " " + reply->body;
    if (ready.find(db + ".gone invalidated") != std::string::npos) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(ready.rfind("200 ", 0), 0u) << ready;
  EXPECT_NE(ready.find(db + ".gone invalidated; " + db + ".kept streaming"), std::string::npos)
      << ready;
  EXPECT_NE(LogLineWith((*rigatoni)->Log(),
                        {"\"level\":\"warn", "change stream " + db +
                                                 ".gone was invalidated (collection dropped or "
                                                 "renamed); it has ended"}),
            "")
      << (*rigatoni)->Log();

  InsertRange(mongo, "kept", "k", 10, 15);
  ASSERT_TRUE(
      IsOk(testing_support::WaitForLakeEvents(dirs.lake, 20 + 2 + 15, 30s, rigatoni->get())));
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  auto rows = QueryJsonLines(dirs.lake,
                             "SELECT json->>'operationType' AS op, coalesce(json->'ns'->>'coll', "
                             "'-') AS coll, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], "{\"op\":\"drop\",\"coll\":\"gone\",\"n\":\"1\"}");
  EXPECT_EQ(rows[1], "{\"op\":\"insert\",\"coll\":\"gone\",\"n\":\"10\"}");
  EXPECT_EQ(rows[2], "{\"op\":\"insert\",\"coll\":\"kept\",\"n\":\"25\"}");
  EXPECT_EQ(rows[3].rfind("{\"op\":\"invalidate\",", 0), 0u) << rows[3];
}

// Runs rigatoni on `coll`, lands 10 events, stops it, writes 10 more while it is down and drops
// all but the newest oplog entry, so the stored token is gone.
void LoseHistory(const RigatoniDirs& dirs, const std::string& db, MongoWriter& mongo) {
  auto rigatoni = RigatoniProcess::Start(BaseEnv(dirs, db, "h"), dirs.Log("before"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  InsertRange(mongo, "h", "a", 0, 10);
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 10, 30s, rigatoni->get())));
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  InsertRange(mongo, "h", "b", 0, 10);
  ASSERT_TRUE(
      mongo.AdminCommand(BCON_NEW("simTruncateOplog", BCON_INT32(1), "keepLast", BCON_INT32(1))))
      << mongo.error();
}

TEST(RigatoniHistoryLostTest, FailPolicyExitsNamingTheStreamAndCode) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  MongoWriter mongo(db);
  ASSERT_NO_FATAL_FAILURE(LoseHistory(dirs, db, mongo));
  auto env = BaseEnv(dirs, db, "h");
  SetEnv(env, "ON_HISTORY_LOST", "fail");
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("after"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  auto exit = (*rigatoni)->WaitExit(30s);
  ASSERT_TRUE(exit.ok()) << exit.status().ToString();
  EXPECT_EQ(exit->code, 1) << (*rigatoni)->LogTail();
  EXPECT_NE(LogLineWith((*rigatoni)->Log(), {"rigatoni stopped on error", "stream " + db + ".h",
                                             "change stream " + db +
                                                 ".h: the resume token is no longer in the oplog "
                                                 "(ChangeStreamHistoryLost, code 286)",
                                             "on_history_lost = \\\"restart\\\""}),
            "")
      << (*rigatoni)->Log();
}

TEST(RigatoniHistoryLostTest, RestartPolicyContinuesAndCountsTheLoss) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  MongoWriter mongo(db);
  ASSERT_NO_FATAL_FAILURE(LoseHistory(dirs, db, mongo));
  auto env = BaseEnv(dirs, db, "h");
  SetEnv(env, "ON_HISTORY_LOST", "restart");
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("after"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  auto lost = (*rigatoni)->MetricValue("rigatoni_history_lost_total", "stream=\"" + db + ".h\"");
  ASSERT_TRUE(lost.ok()) << lost.status().ToString();
  EXPECT_EQ(*lost, 1);
  InsertRange(mongo, "h", "c", 0, 5);
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 15, 30s, rigatoni->get())));
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  EXPECT_NE(LogLineWith((*rigatoni)->Log(), {"\"level\":\"warn", "change stream " + db +
                                                                     ".h: the resume token is "
                                                                     "no longer in the oplog"}),
            "")
      << (*rigatoni)->Log();
  // The 10 events written while history was lost are gone by policy; the rest are there once.
  auto rows = QueryJsonLines(dirs.lake,
                             "SELECT substr(json_extract_string(json, '$.documentKey._id'), 1, 1) "
                             "AS batch, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], "{\"batch\":\"a\",\"n\":\"10\"}");
  EXPECT_EQ(rows[1], "{\"batch\":\"c\",\"n\":\"5\"}");
}

// A stream that fails with a non-retryable error follows ON_STREAM_FAILURE: `restart` reopens it
// from its checkpoint (counted, nothing lost or repeated), `exit` stops the process with code 1.
void FailNextGetMore(MongoWriter& mongo) {
  ASSERT_TRUE(
      mongo.AdminCommand(BCON_NEW("configureFailPoint", BCON_UTF8("failCommand"), "mode", "{",
                                  "times", BCON_INT32(1), "}", "data", "{", "failCommands", "[",
                                  BCON_UTF8("getMore"), "]", "errorCode", BCON_INT32(2), "}")))
      << mongo.error();
}

TEST(RigatoniStreamFailureTest, RestartPolicyReopensFromTheCheckpoint) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  MongoWriter mongo(db);
  auto env = BaseEnv(dirs, db, "f");
  SetEnv(env, "ON_STREAM_FAILURE", "restart");
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("rigatoni"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  InsertRange(mongo, "f", "a", 0, 10);
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 10, 30s, rigatoni->get())));
  ASSERT_NO_FATAL_FAILURE(FailNextGetMore(mongo));
  InsertRange(mongo, "f", "b", 0, 10);
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 20, 60s, rigatoni->get())));
  auto restarts =
      (*rigatoni)->MetricValue("rigatoni_stream_restarts_total", "stream=\"" + db + ".f\"");
  ASSERT_TRUE(restarts.ok()) << restarts.status().ToString();
  EXPECT_GE(*restarts, 1);
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  EXPECT_NE(LogLineWith((*rigatoni)->Log(), {"stream " + db +
                                             ".f failed, restarting from its "
                                             "checkpoint"}),
            "")
      << (*rigatoni)->Log();
  auto rows = QueryJsonLines(dirs.lake,
                             "SELECT count(*) AS n, count(DISTINCT json_extract_string(json, "
                             "'$._id._data')) AS tokens FROM events");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "{\"n\":\"20\",\"tokens\":\"20\"}");
}

TEST(RigatoniStreamFailureTest, ExitPolicyStopsWithCode1NamingTheStream) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  MongoWriter mongo(db);
  auto env = BaseEnv(dirs, db, "g");
  SetEnv(env, "ON_STREAM_FAILURE", "exit");
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("rigatoni"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  ASSERT_NO_FATAL_FAILURE(FailNextGetMore(mongo));
  auto exit = (*rigatoni)->WaitExit(30s);
  ASSERT_TRUE(exit.ok()) << exit.status().ToString();
  EXPECT_EQ(exit->code, 1) << (*rigatoni)->LogTail();
  EXPECT_NE(LogLineWith((*rigatoni)->Log(), {"rigatoni stopped on error", "stream " + db + ".g"}),
            "")
      << (*rigatoni)->Log();
}

}  // namespace
}  // namespace rigatoni_e2e
