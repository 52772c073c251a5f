#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/child_process.h"
#include "support/temp_dir.h"
#include "trace_storage_conformance.h"
#include "tracing/storage/memory_trace_storage.h"
#include "tracing/storage/sqlite_trace_storage.h"

namespace tracing {
namespace {

using conformance::Event;
using conformance::Ids;
using conformance::Trace;
using testing_support::TempDir;

TraceStorageFactory MemoryFactory() {
  return {"memory", [] { return std::make_shared<MemoryTraceStorage>(); },
          [](std::shared_ptr<TraceStorage> s) { return s; }, false};
}

// Each storage owns its temp dir through the shared_ptr's deleter; reopen closes the old handle
// first, as a restarted process would find the file.
struct DeleteStorageThenDir {
  std::shared_ptr<TempDir> dir;
  void operator()(TraceStorage* storage) const { delete storage; }
};

std::shared_ptr<TraceStorage> OpenSqliteIn(std::shared_ptr<TempDir> dir) {
  auto s = SqliteTraceStorage::Open(dir->File("traces.db"));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::shared_ptr<TraceStorage>(std::move(s).value().release(),
                                       DeleteStorageThenDir{std::move(dir)});
}

TraceStorageFactory SqliteFactory() {
  auto create = [] { return OpenSqliteIn(std::make_shared<TempDir>("rr-tracedb-")); };
  auto reopen = [](std::shared_ptr<TraceStorage> old) {
    std::shared_ptr<TempDir> dir = std::get_deleter<DeleteStorageThenDir>(old)->dir;
    old.reset();  // closes the database (and checkpoints its WAL)
    return OpenSqliteIn(std::move(dir));
  };
  return {"sqlite", create, reopen, true};
}

INSTANTIATE_TEST_SUITE_P(Backends, TraceStorageConformance,
                         testing::Values(MemoryFactory(), SqliteFactory()),
                         [](const auto& info) { return info.param.name; });

// ---- memory backend ----

TEST(MemoryTraceStorageTest, EvictsTheLeastRecentlyUsedTraceFirst) {
  MemoryTraceStorage s({.max_traces = 3, .max_bytes = 1 << 20});
  ASSERT_TRUE(s.PutTrace(Trace("a", "f", 1)).ok());
  ASSERT_TRUE(s.PutTrace(Trace("b", "f", 2)).ok());
  ASSERT_TRUE(s.PutTrace(Trace("c", "f", 3)).ok());
  ASSERT_TRUE(s.GetTrace("a").ok());                         // a is now newer than b
  ASSERT_TRUE(s.AppendEvents({{Event("b", "e", 5)}}).ok());  // b is now newer than c
  ASSERT_TRUE(s.PutTrace(Trace("d", "f", 4)).ok());          // evicts c
  EXPECT_EQ(s.TraceCount(), 3u);
  EXPECT_EQ(s.EvictedTraces(), 1u);
  EXPECT_FALSE(s.GetTrace("c")->has_value());
  ASSERT_TRUE(s.PutTrace(Trace("e", "f", 5)).ok());  // evicts a (b was appended to after a's get)
  EXPECT_FALSE(s.GetTrace("a")->has_value());
  EXPECT_EQ(Ids(s.QueryTraces({})->traces), (std::vector<std::string>{"e", "d", "b"}));
  // Evicted events are gone from event queries too.
  EXPECT_EQ(s.QueryEvents({})->events.size(), 1u);
}

TEST(MemoryTraceStorageTest, StaysWithinTheByteBound) {
  auto big_event = [](const std::string& trace, int i) {
    StoredEvent e = Event(trace, "e" + std::to_string(i), i);
    e.json = std::string(1000, 'x');
    return e;
  };
  MemoryTraceStorage s({.max_traces = 1000, .max_bytes = 10'000});
  for (int t = 0; t < 10; ++t) {
    std::vector<StoredEvent> batch;
    for (int i = 0; i < 3; ++i)
      batch.push_back(big_event("t" + std::to_string(t), i));
    ASSERT_TRUE(s.AppendEvents(batch).ok());
    EXPECT_LE(*s.SizeBytes(), 10'000u);
  }
  // 3 kB per trace: the 3 newest fit.
  EXPECT_EQ(Ids(s.QueryTraces({})->traces), (std::vector<std::string>{"t9", "t8", "t7"}));
  EXPECT_EQ(*s.SizeBytes(), 9'000u + 3 * std::string("\"Running\"").size());
  // One trace larger than the bound is kept alone (the most recent write is never evicted).
  std::vector<StoredEvent> huge;
  for (int i = 0; i < 15; ++i)
    huge.push_back(big_event("huge", i));
  ASSERT_TRUE(s.AppendEvents(huge).ok());
  EXPECT_EQ(s.TraceCount(), 1u);
  EXPECT_EQ((*s.GetTrace("huge"))->events.size(), 15u);
}

// ---- SQLite backend ----

int64_t PragmaInt(const std::string& path, const std::string& pragma) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, pragma.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  int64_t v = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) v = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return v;
}

void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(SqliteTraceStorageTest, FileReopenedAfterCloseKeepsEverything) {
  TempDir dir;
  const std::string path = dir.File("traces.db");
  {
    auto s = SqliteTraceStorage::Open(path);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    StoredTrace t = Trace("t1", "f", 100, "Completed");
    t.end_time_ns = 900;
    ASSERT_TRUE((*s)->PutTrace(t).ok());
    ASSERT_TRUE((*s)->AppendEvents({{Event("t1", "e1", 100), Event("t2", "e2", 200)}}).ok());
    EXPECT_EQ((*s)->Describe(), "sqlite:" + path);
  }
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));  // checkpointed on the last close
  EXPECT_EQ(PragmaInt(path, "PRAGMA user_version"), SqliteTraceStorage::kSchemaVersion);
  EXPECT_EQ(PragmaInt(path,
                      "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name "
                      "NOT LIKE 'sqlite_autoindex%'"),
            8);
  auto s = SqliteTraceStorage::Open(path);  // the schema is created idempotently
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto t1 = (*s)->GetTrace("t1");
  ASSERT_TRUE(t1.ok() && t1->has_value());
  EXPECT_EQ((*t1)->trace.status, "Completed");
  EXPECT_EQ((*t1)->trace.end_time_ns, std::optional<int64_t>(900));
  EXPECT_EQ(Ids((*t1)->events), std::vector<std::string>{"e1"});
  EXPECT_EQ((*s)->QueryTraces({})->total_count, 2u);
}

TEST(SqliteTraceStorageTest, UsesWalJournalMode) {
  TempDir dir;
  auto s = SqliteTraceStorage::Open(dir.File("t.db"));
  ASSERT_TRUE(s.ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("t.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(SqliteTraceStorageTest, MissingDirectoryIsAClearError) {
  TempDir dir;
  const std::string path = dir.File("missing/traces.db");
  auto s = SqliteTraceStorage::Open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s.status().message(), "sqlite " + path +
                                      ": open database file: unable to open database file (No "
                                      "such file or directory)");
}

TEST(SqliteTraceStorageTest, UnwritablePathIsAClearError) {
  TempDir dir;
  if (::geteuid() == 0) {
    // root ignores permission bits: use a path below a regular file instead.
    std::ofstream(dir.File("afile")) << "x";
    const std::string path = dir.File("afile/traces.db");
    auto s = SqliteTraceStorage::Open(path);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), core::ErrorCode::kFailedPrecondition);
    EXPECT_EQ(s.status().message(), "sqlite " + path +
                                        ": open database file: unable to open database file (Not a "
                                        "directory)");
    return;
  }
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const std::string path = dir.File("traces.db");
  auto s = SqliteTraceStorage::Open(path);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.status().message(), "sqlite " + path +
                                      ": open database file: unable to open database file "
                                      "(Permission denied)");
}

TEST(SqliteTraceStorageTest, InMemoryPathIsRefused) {
  auto s = SqliteTraceStorage::Open(":memory:");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(),
            "sqlite trace storage needs a file path, got \":memory:\" (use the memory backend "
            "for an in-process store)");
}

TEST(SqliteTraceStorageTest, NotADatabaseIsDataLoss) {
  TempDir dir;
  const std::string path = dir.File("garbage.db");
  std::ofstream(path) << std::string(4096, 'g');
  auto s = SqliteTraceStorage::Open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), core::ErrorCode::kDataLoss);
  EXPECT_EQ(s.status().message(), "sqlite " + path +
                                      ": prepare \"PRAGMA journal_mode = WAL\": file is not a "
                                      "database");
}

TEST(SqliteTraceStorageTest, NewerSchemaVersionIsRefused) {
  TempDir dir;
  const std::string path = dir.File("t.db");
  RawExec(path, "PRAGMA user_version = 7");
  auto s = SqliteTraceStorage::Open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      s.status().message(),
      "sqlite " + path + ": schema version 7 is newer than this build (1); upgrade the server");
}

TEST(SqliteTraceStorageTest, WriterHeldByAnotherProcessIsUnavailable) {
  TempDir dir;
  const std::string path = dir.File("t.db");
  SqliteTraceStorage::Options options;
  options.busy_timeout_ms = 50;
  auto s = SqliteTraceStorage::Open(path, options);
  ASSERT_TRUE(s.ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto st = (*s)->AppendEvents({{Event("t", "e", 1)}});
  EXPECT_EQ(st.code(), core::ErrorCode::kUnavailable);
  EXPECT_TRUE(st.retryable());
  EXPECT_EQ(st.message(), "begin transaction: sqlite " + path + ": step: database is locked");
  // Readers are not blocked by the other writer.
  EXPECT_TRUE((*s)->QueryTraces({}).ok());
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE((*s)->AppendEvents({{Event("t", "e", 1)}}).ok());
}

// The child half of KilledWriterLosesNoCommittedBatch: appends 20-event batches, each its own
// trace "batch-<n>", and prints "committed <n>" after each AppendEvents returned OK.
TEST(SqliteCrashChild, DISABLED_AppendsUntilKilled) {
  const char* path = std::getenv("TRACE_STORAGE_CRASH_DB");
  ASSERT_NE(path, nullptr);
  auto s = SqliteTraceStorage::Open(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (int n = 1; n < 10'000'000; ++n) {
    std::vector<StoredEvent> batch;
    const std::string trace = "batch-" + std::to_string(n);
    for (int i = 0; i < 20; ++i)
      batch.push_back(Event(trace, "e" + std::to_string(i), n));
    auto st = (*s)->AppendEvents(batch);
    ASSERT_TRUE(st.ok()) << st.ToString();
    std::printf("committed %d\n", n);
    std::fflush(stdout);
  }
}

std::vector<int> CommittedBatches(const std::string& log_path) {
  std::vector<int> out;
  std::ifstream in(log_path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("committed ", 0) == 0 && !in.eof()) out.push_back(std::stoi(line.substr(10)));
  }
  return out;
}

TEST(SqliteTraceStorageTest, KilledWriterLosesNoCommittedBatch) {
  TempDir dir;
  const std::string db = dir.File("crash.db");
  const std::string log = dir.File("child.log");
  testing_support::ChildOptions options;
  options.argv = {std::filesystem::read_symlink("/proc/self/exe").string(),
                  "--gtest_filter=SqliteCrashChild.DISABLED_AppendsUntilKilled",
                  "--gtest_also_run_disabled_tests"};
  options.env = {{"TRACE_STORAGE_CRASH_DB", db}};
  options.log_path = log;
  auto child = testing_support::ChildProcess::Start(options);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  // Let it commit a good number of batches, then kill it mid-run.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (CommittedBatches(log).size() < 300 && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE((*child)->IsRunning()) << (*child)->LogTail();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto exit = (*child)->Kill();
  EXPECT_EQ(exit.signal, SIGKILL) << exit.ToString() << "\n" << (*child)->LogTail();
  const std::vector<int> committed = CommittedBatches(log);
  ASSERT_GE(committed.size(), 300u) << (*child)->LogTail();

  auto s = SqliteTraceStorage::Open(db);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (int n : committed) {
    auto t = (*s)->GetTrace("batch-" + std::to_string(n));
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ASSERT_TRUE(t->has_value()) << "batch " << n << " was reported committed but is missing";
    EXPECT_EQ((*t)->events.size(), 20u) << n;
  }
  // Batches are atomic: none is partly stored (the one in flight is whole or absent).
  TraceQuery all;
  all.limit = 1'000'000;
  auto traces = (*s)->QueryTraces(all);
  ASSERT_TRUE(traces.ok());
  EXPECT_GE(traces->total_count, committed.size());
  EXPECT_LE(traces->total_count, committed.size() + 1);
  for (const auto& t : traces->traces)
    EXPECT_EQ(t.event_count, 20u) << t.trace_id;
}

}  // namespace
}  // namespace tracing
