#include "cdc/pipeline/batch_cutter.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cdc/event/bson_ptr.h"
#include "cdc/state/memory_state_store.h"

namespace cdc {
namespace {

using Clock = std::chrono::steady_clock;

BsonPtr Event(int i, size_t padding = 0) {
  std::string json =
      R"({"_id":{"_data":"82)" + std::to_string(1000 + i) +
      R"("},"operationType":"insert","clusterTime":{"$timestamp":{"t":1736937045,"i":)" +
      std::to_string(i) + R"(}},"ns":{"db":"d","coll":"c"},"documentKey":{"_id":)" +
      std::to_string(i) + R"(},"fullDocument":{"pad":")" + std::string(padding, 'x') + R"("}})";
  bson_error_t err;
  return BsonPtr(bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                    static_cast<ssize_t>(json.size()), &err));
}

std::string TokenOf(int i) {
  BsonPtr e = Event(i);
  return std::string(ChangeEvent::Parse(BsonView::Of(e.get()))->resume_token().bytes());
}

struct Harness {
  MemoryStateStore store;
  Checkpointer checkpointer{&store, "d.c", 0, std::chrono::milliseconds(0)};
  std::vector<std::unique_ptr<EventBatch>> batches;
  Clock::time_point now = Clock::time_point() + std::chrono::hours(1);
  bool accept = true;

  BatchCutter Make(CutterOptions o, std::vector<BatchManifest> replay = {}, std::string start = "",
                   uint64_t next = 1) {
    return BatchCutter(
        "d.c", o, &checkpointer,
        [this](std::unique_ptr<EventBatch> b) {
          if (!accept) return false;
          batches.push_back(std::move(b));
          return true;
        },
        std::move(start), next, std::move(replay), [this] { return now; });
  }
  core::Status Feed(BatchCutter& cutter, int i, size_t padding = 0) {
    BsonPtr e = Event(i, padding);
    auto parsed = ChangeEvent::Parse(BsonView::Of(e.get()));
    EXPECT_TRUE(parsed.ok());
    return cutter.OnEvent({}, *parsed);
  }
};

TEST(BatchCutterTest, CutsByCountWithContiguousTokens) {
  Harness h;
  CutterOptions o;
  o.batch_size = 3;
  BatchCutter cutter = h.Make(o, {}, "start-token");
  for (int i = 1; i <= 7; ++i)
    ASSERT_TRUE(h.Feed(cutter, i).ok());
  ASSERT_EQ(h.batches.size(), 2u);
  EXPECT_EQ(h.batches[0]->sequence, 1u);
  EXPECT_EQ(h.batches[0]->size(), 3u);
  EXPECT_EQ(h.batches[0]->start_after, "start-token");
  EXPECT_EQ(h.batches[0]->last_token, TokenOf(3));
  EXPECT_EQ(h.batches[1]->start_after, TokenOf(3));
  EXPECT_EQ(h.batches[1]->last_token, TokenOf(6));
  EXPECT_EQ(h.batches[0]->partition_time_s, 1736937045);
  EXPECT_EQ(cutter.open_events(), 1u);
  EXPECT_EQ(h.checkpointer.in_flight(), 2u);
  ASSERT_TRUE(cutter.Flush());
  ASSERT_EQ(h.batches.size(), 3u);
  EXPECT_EQ(h.batches[2]->size(), 1u);
  EXPECT_EQ(h.batches[2]->sequence, 3u);
}

TEST(BatchCutterTest, CutsByBytesAndByAge) {
  Harness h;
  CutterOptions o;
  o.batch_size = 1000;
  o.max_batch_bytes = 2500;
  o.batch_timeout = std::chrono::milliseconds(500);
  BatchCutter cutter = h.Make(o);
  ASSERT_TRUE(h.Feed(cutter, 1, 900).ok());
  ASSERT_TRUE(h.Feed(cutter, 2, 900).ok());
  EXPECT_TRUE(h.batches.empty());
  ASSERT_TRUE(h.Feed(cutter, 3, 900).ok());  // crosses 2500 bytes
  ASSERT_EQ(h.batches.size(), 1u);
  EXPECT_EQ(h.batches[0]->size(), 3u);

  ASSERT_TRUE(h.Feed(cutter, 4).ok());
  h.now += std::chrono::milliseconds(499);
  ASSERT_TRUE(cutter.OnQuiet({}, {}).ok());
  EXPECT_EQ(h.batches.size(), 1u);
  h.now += std::chrono::milliseconds(1);
  ASSERT_TRUE(cutter.OnQuiet({}, {}).ok());  // the age cut happens on a quiet wakeup too
  ASSERT_EQ(h.batches.size(), 2u);
  EXPECT_EQ(h.batches[1]->size(), 1u);
}

TEST(BatchCutterTest, QuietTokenIsCheckpointedOnlyWithNoEventsHeld) {
  Harness h;
  CutterOptions o;
  o.batch_size = 10;
  BatchCutter cutter = h.Make(o);
  ASSERT_TRUE(h.Feed(cutter, 1).ok());
  BsonPtr quiet = Event(50);
  const BsonView quiet_token = ChangeEvent::Parse(BsonView::Of(quiet.get()))->resume_token();
  ASSERT_TRUE(cutter.OnQuiet({}, quiet_token).ok());
  EXPECT_FALSE(h.store.LoadCheckpoint("d.c")->has_value()) << "event 1 is not written yet";
  ASSERT_TRUE(cutter.Flush());
  ASSERT_TRUE(h.checkpointer.OnDurable(1).ok());
  ASSERT_TRUE(cutter.OnQuiet({}, quiet_token).ok());
  EXPECT_EQ((*h.store.LoadCheckpoint("d.c"))->token, TokenOf(50));
}

TEST(BatchCutterTest, ReplayCutsExactlyWhereTheManifestsSay) {
  Harness h;
  CutterOptions o;
  o.batch_size = 2;  // different from the run that wrote the manifests
  std::vector<BatchManifest> replay = {
      {5, TokenOf(0), TokenOf(3), 3, 1700000000, "k5"},
      {6, TokenOf(3), TokenOf(4), 1, 1700000100, "k6"},
  };
  BatchCutter cutter = h.Make(o, replay, TokenOf(0), 5);
  for (int i = 1; i <= 7; ++i)
    ASSERT_TRUE(h.Feed(cutter, i).ok());
  ASSERT_GE(h.batches.size(), 3u);
  EXPECT_EQ(h.batches[0]->sequence, 5u);
  EXPECT_EQ(h.batches[0]->size(), 3u);
  EXPECT_EQ(h.batches[0]->last_token, TokenOf(3));
  EXPECT_EQ(h.batches[0]->partition_time_s, 1700000000) << "partition time from the manifest";
  EXPECT_EQ(h.batches[1]->sequence, 6u);
  EXPECT_EQ(h.batches[1]->size(), 1u);
  EXPECT_EQ(h.batches[1]->partition_time_s, 1700000100);
  // After the replay, the normal rules: batches of 2.
  EXPECT_EQ(h.batches[2]->sequence, 7u);
  EXPECT_EQ(h.batches[2]->size(), 2u);
  EXPECT_EQ(cutter.replay_remaining(), 0u);
  EXPECT_EQ(cutter.replay_mismatches(), 0u);
}

TEST(BatchCutterTest, ReplayThatDivergesIsCutAtTheManifestCountAndCounted) {
  Harness h;
  std::vector<BatchManifest> replay = {{1, "", "token-never-seen", 2, 0, "k"}};
  BatchCutter cutter = h.Make({}, replay);
  ASSERT_TRUE(h.Feed(cutter, 1).ok());
  ASSERT_TRUE(h.Feed(cutter, 2).ok());
  ASSERT_EQ(h.batches.size(), 1u);
  EXPECT_EQ(h.batches[0]->size(), 2u);
  EXPECT_EQ(cutter.replay_mismatches(), 1u);
}

TEST(BatchCutterTest, OversizedEventsBecomeDeadLettersWithoutBlocking) {
  Harness h;
  CutterOptions o;
  o.batch_size = 3;
  o.max_event_bytes = 1500;
  BatchCutter cutter = h.Make(o);
  ASSERT_TRUE(h.Feed(cutter, 1).ok());
  ASSERT_TRUE(h.Feed(cutter, 2, 2000).ok());
  ASSERT_TRUE(h.Feed(cutter, 3).ok());
  ASSERT_EQ(h.batches.size(), 1u);
  ASSERT_EQ(h.batches[0]->dead_letters.size(), 1u);
  EXPECT_EQ(h.batches[0]->dead_letters[0].first, 1u);
  EXPECT_EQ(h.batches[0]->dead_letters[0].second.rfind("event of ", 0), 0u);
  EXPECT_NE(h.batches[0]->dead_letters[0].second.find("bytes exceeds MAX_EVENT_BYTES (1500)"),
            std::string::npos);
}

TEST(BatchCutterTest, ClosedSinkStopsTheReaderWithCancelled) {
  Harness h;
  CutterOptions o;
  o.batch_size = 1;
  BatchCutter cutter = h.Make(o);
  h.accept = false;
  core::Status st = h.Feed(cutter, 1);
  EXPECT_EQ(st.code(), core::ErrorCode::kCancelled);
  EXPECT_EQ(st.message(), "pipeline is shutting down");
  EXPECT_EQ(h.Feed(cutter, 2).code(), core::ErrorCode::kCancelled);
}

}  // namespace
}  // namespace cdc

namespace cdc {
namespace {

// Writers save manifests in any order, so a crash can leave the manifest of batch N+1 without
// that of batch N. Batch N was never written (its manifest precedes its object); the replay must
// cut N by the normal rules but end it exactly where N+1 starts, then replay N+1 unchanged, so
// N+1's events never land in a second object.
TEST(BatchCutterTest, ReplayLinesUpAfterAMissingManifest) {
  Harness h;
  CutterOptions o;
  o.batch_size = 100;
  std::vector<BatchManifest> replay = {{6, TokenOf(4), TokenOf(7), 3, 1700000000, "k6"}};
  BatchCutter cutter = h.Make(o, replay, TokenOf(0), 5);
  for (int i = 1; i <= 7; ++i)
    ASSERT_TRUE(h.Feed(cutter, i).ok());
  ASSERT_EQ(h.batches.size(), 2u);
  EXPECT_EQ(h.batches[0]->sequence, 5u);
  EXPECT_EQ(h.batches[0]->size(), 4u) << "the unwritten batch ends where the manifest starts";
  EXPECT_EQ(h.batches[0]->last_token, TokenOf(4));
  EXPECT_EQ(h.batches[1]->sequence, 6u);
  EXPECT_EQ(h.batches[1]->start_after, TokenOf(4));
  EXPECT_EQ(h.batches[1]->last_token, TokenOf(7));
  EXPECT_EQ(h.batches[1]->partition_time_s, 1700000000);
  EXPECT_EQ(cutter.replay_mismatches(), 0u);
}

// A quiet postBatchResumeToken between batches must not become a batch boundary: boundaries are
// event tokens, which is what lets a replay find them again.
TEST(BatchCutterTest, QuietTokensDoNotMoveBatchBoundaries) {
  Harness h;
  CutterOptions o;
  o.batch_size = 2;
  BatchCutter cutter = h.Make(o, {}, TokenOf(0));
  ASSERT_TRUE(h.Feed(cutter, 1).ok());
  ASSERT_TRUE(h.Feed(cutter, 2).ok());
  BsonPtr quiet = Event(99);
  ASSERT_TRUE(
      cutter.OnQuiet({}, ChangeEvent::Parse(BsonView::Of(quiet.get()))->resume_token()).ok());
  ASSERT_TRUE(h.Feed(cutter, 3).ok());
  ASSERT_TRUE(h.Feed(cutter, 4).ok());
  ASSERT_EQ(h.batches.size(), 2u);
  EXPECT_EQ(h.batches[1]->start_after, TokenOf(2));
}

}  // namespace
}  // namespace cdc
