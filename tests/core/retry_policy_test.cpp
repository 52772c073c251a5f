#include "core/retry_policy.h"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

namespace core {
namespace {

using std::chrono::milliseconds;

RetryPolicy NoJitter() {
  RetryPolicy p;
  p.max_retries = 10;
  p.jitter = 0;
  return p;
}

TEST(RetryPolicyTest, DefaultsMatchTheDocumentedValues) {
  RetryPolicy p;
  EXPECT_EQ(p.initial_delay, milliseconds(100));
  EXPECT_EQ(p.max_delay, milliseconds(30'000));
  EXPECT_EQ(p.multiplier, 2.0);
  EXPECT_EQ(p.jitter, 0.1);
}

TEST(RetryPolicyTest, DelaysGrowExponentiallyAndAreCapped) {
  RetryPolicy p = NoJitter();
  p.max_delay = milliseconds(1000);
  Rng rng(1);
  std::vector<int64_t> got;
  for (int attempt = 1; attempt <= 6; ++attempt) {
    got.push_back(p.NextDelay(Unavailable("down"), attempt, rng)->count());
  }
  EXPECT_EQ(got, (std::vector<int64_t>{100, 200, 400, 800, 1000, 1000}));
}

TEST(RetryPolicyTest, JitterStaysWithinTheBandAndVaries) {
  RetryPolicy p;
  p.max_retries = 3;
  Rng rng(42);
  int64_t lo = 1'000'000, hi = 0;
  for (int i = 0; i < 1000; ++i) {
    const int64_t d = p.NextDelay(Unavailable("x"), 2, rng)->count();  // base 200 ms
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_GE(lo, 180);
  EXPECT_LE(hi, 220);
  EXPECT_LT(lo, 190);  // the spread is really used
  EXPECT_GT(hi, 210);
}

TEST(RetryPolicyTest, JitterNeverExceedsMaxDelay) {
  RetryPolicy p;
  p.max_retries = 100;
  p.max_delay = milliseconds(500);
  Rng rng(7);
  for (int i = 0; i < 200; ++i) {
    EXPECT_LE(p.NextDelay(Unavailable("x"), 50, rng)->count(), 500);
  }
}

TEST(RetryPolicyTest, SameSeedSameDelays) {
  RetryPolicy p;
  Rng a(9), b(9);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    EXPECT_EQ(p.NextDelay(Unavailable("x"), attempt, a), p.NextDelay(Unavailable("x"), attempt, b));
  }
}

TEST(RetryPolicyTest, NonRetryableCodesAndExhaustionStop) {
  RetryPolicy p;
  p.max_retries = 2;
  Rng rng(1);
  // The code decides, not the text.
  EXPECT_FALSE(p.NextDelay(InvalidArgument("Unavailable, please retry"), 1, rng));
  EXPECT_FALSE(p.NextDelay(PermissionDenied("AccessDenied"), 1, rng));
  EXPECT_FALSE(p.NextDelay(Status::Ok(), 1, rng));
  EXPECT_TRUE(p.NextDelay(ResourceExhausted("SlowDown"), 1, rng));
  EXPECT_TRUE(p.NextDelay(DeadlineExceeded("timeout"), 2, rng));
  EXPECT_FALSE(p.NextDelay(Unavailable("down"), 3, rng));
}

struct FakeSleeper {
  std::vector<milliseconds> slept;
  RetrySleeper fn() {
    return [this](milliseconds d) { slept.push_back(d); };
  }
};

TEST(RetryTest, SucceedsAfterTransientFailures) {
  RetryPolicy p = NoJitter();
  FakeSleeper sleeper;
  Rng rng(1);
  int calls = 0;
  Status st = Retry([&] { return ++calls < 3 ? Unavailable("connection refused") : Status::Ok(); },
                    p, sleeper.fn(), nullptr, rng);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(sleeper.slept, (std::vector<milliseconds>{milliseconds(100), milliseconds(200)}));
}

TEST(RetryTest, GivesUpWithContextAfterAllAttempts) {
  RetryPolicy p = NoJitter();
  p.max_retries = 3;
  FakeSleeper sleeper;
  Rng rng(1);
  int calls = 0;
  Status st = Retry(
      [&] {
        ++calls;
        return Unavailable("connect to 127.0.0.1:6379: Connection refused");
      },
      p, sleeper.fn(), nullptr, rng);
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(sleeper.slept.size(), 3u);
  EXPECT_EQ(st.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(st.message(),
            "gave up after 4 attempts: Unavailable: connect to 127.0.0.1:6379: Connection refused");
}

TEST(RetryTest, NonRetryableErrorIsReturnedUnchangedWithoutSleeping) {
  FakeSleeper sleeper;
  Rng rng(1);
  int calls = 0;
  Status st = Retry(
      [&] {
        ++calls;
        return PermissionDenied("s3://bucket/key: AccessDenied");
      },
      NoJitter(), sleeper.fn(), nullptr, rng);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(sleeper.slept.empty());
  EXPECT_EQ(st, PermissionDenied("s3://bucket/key: AccessDenied"));
}

TEST(RetryTest, NonRetryableAfterRetriesCarriesTheAttemptCount) {
  FakeSleeper sleeper;
  Rng rng(1);
  int calls = 0;
  Status st = Retry([&] { return ++calls == 1 ? Unavailable("503") : InvalidArgument("bad key"); },
                    NoJitter(), sleeper.fn(), nullptr, rng);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "gave up after 2 attempts: InvalidArgument: bad key");
}

TEST(RetryTest, WorksWithResult) {
  FakeSleeper sleeper;
  Rng rng(1);
  int calls = 0;
  Result<int> r = Retry(
      [&]() -> Result<int> {
        if (++calls < 2) return DeadlineExceeded("timed out");
        return 42;
      },
      NoJitter(), sleeper.fn(), nullptr, rng);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, 42);

  RetryPolicy once = NoJitter();
  once.max_retries = 1;
  Result<int> failed =
      Retry([]() -> Result<int> { return Unavailable("down"); }, once, sleeper.fn(), nullptr, rng);
  EXPECT_EQ(failed.status().message(), "gave up after 2 attempts: Unavailable: down");
}

TEST(RetryTest, CancellationStopsTheBackoff) {
  FakeSleeper sleeper;
  Rng rng(1);
  int calls = 0;
  bool cancelled = false;
  Status st = Retry(
      [&] {
        ++calls;
        return Unavailable("down");
      },
      NoJitter(),
      [&](milliseconds d) {
        sleeper.slept.push_back(d);
        cancelled = true;  // e.g. SIGTERM arrives while we back off
      },
      [&] { return cancelled; }, rng);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(sleeper.slept.size(), 1u);
  EXPECT_EQ(st.code(), ErrorCode::kCancelled);
  EXPECT_EQ(st.message(), "cancelled after 1 attempts; last error: Unavailable: down");
}

TEST(RetryTest, DefaultRngOverloadRuns) {
  FakeSleeper sleeper;
  int calls = 0;
  Status st = Retry([&] { return ++calls < 2 ? Unavailable("x") : Status::Ok(); }, RetryPolicy{},
                    sleeper.fn(), nullptr);
  EXPECT_TRUE(st.ok());
  ASSERT_EQ(sleeper.slept.size(), 1u);
  EXPECT_GE(sleeper.slept[0].count(), 90);
  EXPECT_LE(sleeper.slept[0].count(), 110);
}

}  // namespace
}  // namespace core
