#include "core/batcher.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace core {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using B = Batcher<std::string>;

const Clock::time_point kT0 = Clock::time_point(std::chrono::hours(1));

std::vector<std::string> Items(const B::Batch& b) {
  return b.items;
}

TEST(BatcherTest, CutsByCount) {
  B b({.max_items = 3});
  EXPECT_TRUE(b.Add("a", 1, kT0).empty());
  EXPECT_TRUE(b.Add("b", 1, kT0).empty());
  auto cut = b.Add("c", 1, kT0);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(Items(cut[0]), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(cut[0].reason, BatchCutReason::kItems);
  EXPECT_EQ(b.pending_items(), 0u);
  EXPECT_FALSE(b.Flush());
}

TEST(BatcherTest, CutsByBytesBeforeOverflowing) {
  B b({.max_bytes = 10});
  EXPECT_TRUE(b.Add("a", 4, kT0).empty());
  EXPECT_TRUE(b.Add("b", 4, kT0).empty());
  auto cut = b.Add("c", 4, kT0);  // 12 > 10: a+b go, c starts the next batch
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(Items(cut[0]), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(cut[0].bytes, 8u);
  EXPECT_EQ(cut[0].reason, BatchCutReason::kBytes);
  EXPECT_EQ(b.pending_bytes(), 4u);
  auto exact = b.Add("d", 6, kT0);  // exactly 10: cut now
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(Items(exact[0]), (std::vector<std::string>{"c", "d"}));
}

TEST(BatcherTest, OversizedItemFormsItsOwnBatchAndIsNeverLost) {
  B b({.max_items = 100, .max_bytes = 10});
  EXPECT_TRUE(b.Add("small", 3, kT0).empty());
  auto cut = b.Add("huge", 50, kT0);
  ASSERT_EQ(cut.size(), 2u);
  EXPECT_EQ(Items(cut[0]), (std::vector<std::string>{"small"}));
  EXPECT_EQ(Items(cut[1]), (std::vector<std::string>{"huge"}));
  EXPECT_EQ(cut[1].bytes, 50u);
  EXPECT_EQ(cut[1].reason, BatchCutReason::kOversizedItem);
  EXPECT_EQ(b.pending_items(), 0u);

  auto alone = b.Add("huge2", 11, kT0);  // empty batcher: one batch
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(Items(alone[0]), (std::vector<std::string>{"huge2"}));
}

TEST(BatcherTest, CutsByAgeSinceFirstItem) {
  B b({.max_items = 100, .max_age = 5s});
  EXPECT_FALSE(b.NextDeadline());
  EXPECT_TRUE(b.Add("a", 1, kT0).empty());
  EXPECT_EQ(b.NextDeadline(), kT0 + 5s);
  EXPECT_TRUE(b.Add("b", 1, kT0 + 4s).empty());
  EXPECT_EQ(b.NextDeadline(), kT0 + 5s);  // age counts from the first item
  EXPECT_FALSE(b.CutIfDue(kT0 + 4999ms));
  auto due = b.CutIfDue(kT0 + 5s);
  ASSERT_TRUE(due);
  EXPECT_EQ(Items(*due), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(due->reason, BatchCutReason::kAge);
  EXPECT_EQ(due->first_added, kT0);
  EXPECT_FALSE(b.NextDeadline());
  EXPECT_FALSE(b.CutIfDue(kT0 + 1h));
}

TEST(BatcherTest, AddCutsAnOverdueBatchBeforeAddingTo) {
  B b({.max_items = 100, .max_age = 5s});
  EXPECT_TRUE(b.Add("old", 1, kT0).empty());
  auto cut = b.Add("new", 1, kT0 + 6s);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(Items(cut[0]), (std::vector<std::string>{"old"}));
  EXPECT_EQ(b.NextDeadline(), kT0 + 11s);
}

TEST(BatcherTest, FlushTakesWhateverIsPending) {
  B b({.max_items = 100});
  EXPECT_FALSE(b.Flush());
  EXPECT_TRUE(b.Add("x", 1, kT0).empty());
  auto f = b.Flush();
  ASSERT_TRUE(f);
  EXPECT_EQ(Items(*f), (std::vector<std::string>{"x"}));
  EXPECT_EQ(f->reason, BatchCutReason::kFlush);
  EXPECT_FALSE(b.Flush());
}

TEST(BatcherTest, MoveOnlyItemsAndEveryItemExactlyOnce) {
  Batcher<std::unique_ptr<int>> b({.max_items = 7, .max_bytes = 100, .max_age = 1s});
  std::vector<int> seen;
  auto take = [&](auto& batch) {
    for (auto& p : batch.items)
      seen.push_back(*p);
  };
  Clock::time_point now = kT0;
  for (int i = 0; i < 1000; ++i) {
    now += 37ms;
    for (auto& batch : b.Add(std::make_unique<int>(i), static_cast<size_t>(i % 150), now)) {
      take(batch);
    }
    if (auto due = b.CutIfDue(now)) take(*due);
  }
  if (auto rest = b.Flush()) take(*rest);
  ASSERT_EQ(seen.size(), 1000u);
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(seen[i], i);
}

}  // namespace
}  // namespace core
