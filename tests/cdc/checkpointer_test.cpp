#include "cdc/pipeline/checkpointer.h"

#include <gtest/gtest.h>

#include "cdc/state/memory_state_store.h"

namespace cdc {
namespace {

class FailingStore : public MemoryStateStore {
 public:
  bool fail = false;
  core::Status SaveCheckpoint(std::string_view s, const StreamCheckpoint& cp) override {
    if (fail) return core::Unavailable("state store down");
    return MemoryStateStore::SaveCheckpoint(s, cp);
  }
};

struct Fixture {
  FailingStore store;
  int64_t now_ms = 1'000'000;
  Checkpointer cp{&store, "db.c", 0, std::chrono::milliseconds(5000), [this] { return now_ms; }};

  std::optional<StreamCheckpoint> Saved() { return *store.LoadCheckpoint("db.c"); }
};

TEST(CheckpointerTest, AdvancesOnlyOverTheContiguousDurablePrefix) {
  Fixture f;
  f.cp.OnCut(1, "t1");
  f.cp.OnCut(2, "t2");
  f.cp.OnCut(3, "t3");
  ASSERT_TRUE(f.cp.OnDurable(2).ok());
  ASSERT_TRUE(f.cp.OnDurable(3).ok());
  EXPECT_FALSE(f.Saved().has_value()) << "batch 1 is not durable: nothing may be saved";
  ASSERT_TRUE(f.cp.OnDurable(1).ok());
  ASSERT_TRUE(f.Saved().has_value());
  EXPECT_EQ(f.Saved()->token, "t3");
  EXPECT_EQ(f.Saved()->sequence, 3u);
  EXPECT_EQ(f.Saved()->updated_at_ms, 1'000'000);
  EXPECT_EQ(f.cp.in_flight(), 0u);
}

TEST(CheckpointerTest, QuietTokenOnlyWhenNothingIsInFlightAndOncePerHeartbeat) {
  Fixture f;
  f.cp.OnCut(1, "t1");
  ASSERT_TRUE(f.cp.OnQuiet("q-ignored").ok());
  EXPECT_FALSE(f.Saved().has_value()) << "a batch is in flight";
  ASSERT_TRUE(f.cp.OnDurable(1).ok());
  EXPECT_EQ(f.Saved()->token, "t1");
  f.now_ms += 1000;  // within the heartbeat interval of the last save
  ASSERT_TRUE(f.cp.OnQuiet("q1").ok());
  EXPECT_EQ(f.Saved()->token, "t1");
  f.now_ms += 5000;
  ASSERT_TRUE(f.cp.OnQuiet("q2").ok());
  EXPECT_EQ(f.Saved()->token, "q2");
  EXPECT_EQ(f.Saved()->sequence, 1u) << "a quiet token keeps the batch sequence";
}

TEST(CheckpointerTest, QuietTokenSeenBeforeACutIsNotUsedAfterIt) {
  Fixture f;
  f.now_ms += 10'000;
  f.cp.OnCut(1, "t1");
  ASSERT_TRUE(f.cp.OnDurable(1).ok());
  // Flush may save the quiet token only if it came after every cut batch.
  ASSERT_TRUE(f.cp.OnQuiet("q-before").ok());
  f.cp.OnCut(2, "t2");
  ASSERT_TRUE(f.cp.OnDurable(2).ok());
  ASSERT_TRUE(f.cp.Flush().ok());
  EXPECT_EQ(f.Saved()->token, "t2");
}

TEST(CheckpointerTest, AFailedSaveIsRetriedLaterAndNothingIsSkipped) {
  Fixture f;
  f.store.fail = true;
  f.cp.OnCut(1, "t1");
  core::Status st = f.cp.OnDurable(1);
  EXPECT_EQ(st.message(), "state store down");
  EXPECT_FALSE(f.Saved().has_value());
  f.store.fail = false;
  f.cp.OnCut(2, "t2");
  ASSERT_TRUE(f.cp.OnDurable(2).ok());
  EXPECT_EQ(f.Saved()->token, "t2");
  EXPECT_EQ(f.Saved()->sequence, 2u);
}

TEST(CheckpointerTest, SavingACheckpointPrunesCoveredManifests) {
  Fixture f;
  ASSERT_TRUE(f.store.SaveManifest("db.c", {1, "", "t1", 10, 0, "k1"}).ok());
  ASSERT_TRUE(f.store.SaveManifest("db.c", {2, "t1", "t2", 10, 0, "k2"}).ok());
  f.cp.OnCut(1, "t1");
  f.cp.OnCut(2, "t2");
  ASSERT_TRUE(f.cp.OnDurable(1).ok());
  auto manifests = f.store.LoadManifests("db.c");
  ASSERT_EQ(manifests->size(), 1u);
  EXPECT_EQ((*manifests)[0].sequence, 2u);
}

TEST(CheckpointerTest, DurableWithoutCutIsAnInternalError) {
  Fixture f;
  core::Status st = f.cp.OnDurable(7);
  EXPECT_EQ(st.code(), core::ErrorCode::kInternal);
  EXPECT_EQ(st.message(), "checkpointer db.c: batch 7 made durable but never cut");
}

}  // namespace
}  // namespace cdc
