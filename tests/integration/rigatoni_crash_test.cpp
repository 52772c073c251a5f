// rigatoni under kill -9 and SIGTERM while a writer keeps inserting: nothing lost, nothing
// duplicated, every object a whole JSON Lines file, and a drained checkpoint that covers the lake.
//
// The kill moments are random; the seed is printed and can be fixed with RIGATONI_CRASH_SEED.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "rigatoni_workload.h"

namespace rigatoni_e2e {
namespace {

using testing_support::RigatoniProcess;
using namespace std::chrono_literals;

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new SimEnvironment);

// Inserts `total` documents (ids <coll>-<n>) alternately into `collections` in chunks of `chunk`,
// pausing `pause` between chunks. Runs on its own thread with its own client.
class InsertWriter {
 public:
  InsertWriter(std::string db, std::vector<std::string> collections, int total, int chunk,
               std::chrono::milliseconds pause)
      : thread_([=, this] {
          MongoWriter mongo(db);
          int next = 0, round = 0;
          while (next < total) {
            const std::string& coll =
                collections[static_cast<size_t>(round++) % collections.size()];
            const int count = std::min(chunk, total - next);
            if (!mongo.InsertMany(coll, coll + "-", next, count,
                                  "0123456789abcdef0123456789abcdef")) {
              error_ = mongo.error();
              break;
            }
            next += count;
            inserted_.store(next);
            std::this_thread::sleep_for(pause);
          }
          done_.store(true);
        }) {}
  ~InsertWriter() { Join(); }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  bool done() const { return done_.load(); }
  int inserted() const { return inserted_.load(); }
  const std::string& error() const { return error_; }  // after Join()

 private:
  std::atomic<bool> done_{false};
  std::atomic<int> inserted_{0};
  std::string error_;
  std::thread thread_;
};

// Every data object ends with a newline and each of its lines is one JSON object ({...}).
void ExpectWholeJsonLinesFiles(const std::filesystem::path& lake) {
  for (const std::string& rel : testing_support::LakeObjects(lake)) {
    const std::string content = testing_support::ReadWholeFile(lake / rel);
    ASSERT_FALSE(content.empty()) << rel;
    ASSERT_EQ(content.back(), '\n') << rel << " is cut short";
    size_t start = 0;
    while (start < content.size()) {
      const size_t end = content.find('\n', start);
      ASSERT_GT(end, start) << rel << ": empty line";
      ASSERT_EQ(content[start], '{') << rel;
      ASSERT_EQ(content[end - 1], '}') << rel;
      start = end + 1;
    }
  }
}

std::string Summary(const std::filesystem::path& lake) {
  auto rows = QueryJsonLines(
      lake,
      "SELECT count(*) AS n, count(DISTINCT json_extract_string(json, '$._id._data')) AS tokens, "
      "count(DISTINCT json->'ns'->>'coll' || '/' || json_extract_string(json, "
      "'$.documentKey._id')) AS docs FROM events");
  return rows.empty() ? "" : rows.front();
}

std::string Counts(int n) {
  const std::string s = std::to_string(n);
  return "{\"n\":\"" + s + "\",\"tokens\":\"" + s + "\",\"docs\":\"" + s + "\"}";
}

// Waits until `stream` has a checkpoint (the first quiet reply saves the start position).
bool WaitForCheckpoint(const std::filesystem::path& state, const std::string& stream) {
  for (int i = 0; i < 300; ++i) {
    if (CheckpointTokenData(state, stream)) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

TEST(RigatoniCrashTest, KillNineAtRandomMomentsLosesAndDuplicatesNothing) {
  constexpr int kTotal = 100000;
  uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("RIGATONI_CRASH_SEED")) seed = std::strtoull(s, nullptr, 10);
  std::printf("RIGATONI_CRASH_SEED=%llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);

  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  auto env = BaseEnv(dirs, db, "");
  SetEnv(env, "WATCH_LEVEL", "database");  // one stream; batches span both collections
  SetEnv(env, "BATCH_SIZE", "2000");
  SetEnv(env, "CHANNEL_BUFFER_SIZE", "8000");
  int starts = 0;
  auto start = [&] {
    return RigatoniProcess::Start(env, dirs.Log("run" + std::to_string(starts++)));
  };
  auto rigatoni = start();
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  ASSERT_TRUE(WaitForCheckpoint(dirs.state, db)) << (*rigatoni)->LogTail();

  // ~12 s of inserts: 200 chunks of 500 with 50 ms pauses.
  const auto t0 = std::chrono::steady_clock::now();
  InsertWriter writer(db, {"a", "b"}, kTotal, 500, 50ms);
  std::uniform_int_distribution<int> kills_dist(3, 5), at_dist(300, 11000);
  std::vector<int> moments(static_cast<size_t>(kills_dist(rng)));
  for (int& m : moments)
    m = at_dist(rng);
  std::sort(moments.begin(), moments.end());
  for (int at : moments) {
    std::this_thread::sleep_until(t0 + std::chrono::milliseconds(at));
    const testing_support::ExitStatus killed = (*rigatoni)->process().Kill();
    ASSERT_EQ(killed.signal, SIGKILL)
        << "rigatoni ended before the kill: " << killed.ToString() << "\n"
        << (*rigatoni)->LogTail();
    std::printf("killed rigatoni at %d ms (%d inserted)\n", at, writer.inserted());
    rigatoni = start();
    ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  }
  writer.Join();
  ASSERT_EQ(writer.error(), "");
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, kTotal, 90s, rigatoni->get())))
      << (*rigatoni)->LogTail();
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();

  // Every restart resumed from the stored token (none started from "now" and skipped events).
  for (int run = 1; run < starts; ++run) {
    const std::string log = testing_support::ReadWholeFile(dirs.Log("run" + std::to_string(run)));
    EXPECT_NE(log.find("starting " + db + " from its stored resume token"), std::string::npos)
        << "run " << run << ":\n"
        << log;
  }
  EXPECT_EQ(testing_support::CountJsonLinesEvents(dirs.lake), static_cast<uint64_t>(kTotal));
  ExpectWholeJsonLinesFiles(dirs.lake);
  EXPECT_EQ(Summary(dirs.lake), Counts(kTotal)) << "seed " << seed;
  EXPECT_FALSE(std::filesystem::exists(dirs.lake / "_dead_letters"));
}

TEST(RigatoniDrainTest, SigtermDrainsCheckpointsAndRestartsWithoutDuplicates) {
  constexpr int kTotal = 20000;
  const std::string db = TestDatabase();
  const std::string stream = db + ".c";
  RigatoniDirs dirs;
  auto env = BaseEnv(dirs, db, "c");
  SetEnv(env, "BATCH_SIZE", "1000");
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("first"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));

  InsertWriter writer(db, {"c"}, kTotal, 200, 30ms);
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 3000, 60s, rigatoni->get())));
  ASSERT_FALSE(writer.done()) << "the writer finished before SIGTERM; nothing was mid-stream";
  ASSERT_EQ(::kill((*rigatoni)->process().pid(), SIGTERM), 0);
  auto exit = (*rigatoni)->WaitExit(35s);
  ASSERT_TRUE(exit.ok()) << exit.status().ToString();
  EXPECT_EQ(exit->code, 0) << (*rigatoni)->LogTail();
  const std::string log = (*rigatoni)->Log();
  EXPECT_NE(log.find("draining (deadline 30000 ms)"), std::string::npos) << log;
  EXPECT_NE(log.find("rigatoni stopped cleanly"), std::string::npos) << log;

  // The checkpoint covers every event in the lake, and no batch is left pending.
  const uint64_t drained = testing_support::CountJsonLinesEvents(dirs.lake);
  auto max_token = QueryJsonLines(dirs.lake,
                                  "SELECT max(json_extract_string(json, '$._id._data')) AS t "
                                  "FROM events");
  ASSERT_EQ(max_token.size(), 1u);
  const std::optional<std::string> checkpoint = CheckpointTokenData(dirs.state, stream);
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_GE("{\"t\":\"" + *checkpoint + "\"}", max_token[0]);
  EXPECT_EQ(PendingManifests(dirs.state, stream), 0u);

  // The writer kept going; the restart picks up exactly after the checkpoint.
  writer.Join();
  ASSERT_EQ(writer.error(), "");
  auto second = RigatoniProcess::Start(env, dirs.Log("second"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, kTotal, 60s, second->get())));
  EXPECT_EQ((*second)->Terminate().code, 0) << (*second)->LogTail();
  auto after = QueryJsonLines(dirs.lake,
                              "SELECT count(*) AS n FROM events WHERE json_extract_string(json, "
                              "'$._id._data') <= " +
                                  testing_support::SqlLiteral(*checkpoint));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0], "{\"n\":\"" + std::to_string(drained) + "\"}");
  EXPECT_EQ(Summary(dirs.lake), Counts(kTotal));
}

}  // namespace
}  // namespace rigatoni_e2e
