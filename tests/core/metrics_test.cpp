#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/metric_registry.h"
#include "core/prometheus_text.h"

namespace core {
namespace {

class MetricsDeathTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST(PrometheusTextTest, GoldenExpositionOfEveryKind) {
  MetricRegistry registry;
  auto& events = registry.Counter("rigatoni_events_processed_total",
                                  "Change events processed.\nBy \\collection\\ and operation.",
                                  {"collection", "operation"});
  events.WithLabels({"users", "insert"}).Inc(3);
  events.WithLabels({"we\"ird\\va\nl", "delete"}).Inc(2.5);

  registry.Gauge("rigatoni_queue_depth", "Events waiting.").Get().Set(-1.5);

  auto& values = registry.Gauge("test_values", "Awkward numbers.", {"case"});
  values.WithLabels({"nan"}).Set(std::numeric_limits<double>::quiet_NaN());
  values.WithLabels({"inf"}).Set(std::numeric_limits<double>::infinity());
  values.WithLabels({"neg_inf"}).Set(-std::numeric_limits<double>::infinity());
  values.WithLabels({"small"}).Set(0.1);
  values.WithLabels({"big"}).Set(1e300);
  values.WithLabels({"int"}).Set(9007199254740992.0);

  int depth = 7;
  CallbackGaugeBinding binding =
      registry.CallbackGauge("rigatoni_channel_buffer_events", "Events buffered in the channel.")
          .Bind({}, [&depth] { return static_cast<double>(depth); });

  auto& durations = registry.Histogram("rigatoni_batch_duration_seconds", "Batch upload time.",
                                       {"sink"}, {0.1, 1, 2.5});
  Histogram& s3 = durations.WithLabels({"s3"});
  for (double v : {0.05, 0.1, 1.0, 3.0})
    s3.Observe(v);
  durations.WithLabels({"local"});  // no observations: all zero

  registry.Counter("rigatoni_unused_total", "Never used: omitted.", {"x"});

  const std::string expected =
      "# HELP rigatoni_batch_duration_seconds Batch upload time.\n"
      "# TYPE rigatoni_batch_duration_seconds histogram\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"local\",le=\"0.1\"} 0\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"local\",le=\"1\"} 0\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"local\",le=\"2.5\"} 0\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"local\",le=\"+Inf\"} 0\n"
      "rigatoni_batch_duration_seconds_sum{sink=\"local\"} 0\n"
      "rigatoni_batch_duration_seconds_count{sink=\"local\"} 0\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"s3\",le=\"0.1\"} 2\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"s3\",le=\"1\"} 3\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"s3\",le=\"2.5\"} 3\n"
      "rigatoni_batch_duration_seconds_bucket{sink=\"s3\",le=\"+Inf\"} 4\n"
      "rigatoni_batch_duration_seconds_sum{sink=\"s3\"} 4.15\n"
      "rigatoni_batch_duration_seconds_count{sink=\"s3\"} 4\n"
      "# HELP rigatoni_channel_buffer_events Events buffered in the channel.\n"
      "# TYPE rigatoni_channel_buffer_events gauge\n"
      "rigatoni_channel_buffer_events 7\n"
      "# HELP rigatoni_events_processed_total Change events processed.\\nBy \\\\collection\\\\ "
      "and operation.\n"
      "# TYPE rigatoni_events_processed_total counter\n"
      "rigatoni_events_processed_total{collection=\"users\",operation=\"insert\"} 3\n"
      "rigatoni_events_processed_total{collection=\"we\\\"ird\\\\va\\nl\",operation=\"delete\"} "
      "2.5\n"
      "# HELP rigatoni_queue_depth Events waiting.\n"
      "# TYPE rigatoni_queue_depth gauge\n"
      "rigatoni_queue_depth -1.5\n"
      "# HELP test_values Awkward numbers.\n"
      "# TYPE test_values gauge\n"
      "test_values{case=\"big\"} 1e+300\n"
      "test_values{case=\"inf\"} +Inf\n"
      "test_values{case=\"int\"} 9007199254740992\n"
      "test_values{case=\"nan\"} NaN\n"
      "test_values{case=\"neg_inf\"} -Inf\n"
      "test_values{case=\"small\"} 0.1\n";
  EXPECT_EQ(PrometheusText(registry), expected);

  depth = 9;  // callback gauges are read at scrape time
  EXPECT_NE(PrometheusText(registry).find("rigatoni_channel_buffer_events 9\n"), std::string::npos);
  binding.Reset();  // unbound: the family has no sample left and is omitted
  EXPECT_EQ(PrometheusText(registry).find("rigatoni_channel_buffer_events"), std::string::npos);
}

TEST(PrometheusTextTest, ValuesRoundTrip) {
  auto text = [](double v) {
    std::string out;
    AppendPrometheusValue(v, &out);
    return out;
  };
  EXPECT_EQ(text(0), "0");
  EXPECT_EQ(text(-0.0), "0");
  EXPECT_EQ(text(42), "42");
  EXPECT_EQ(text(-7), "-7");
  EXPECT_EQ(text(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(text(1.5e-7), "1.5e-07");
  EXPECT_EQ(text(18446744073709551616.0), "18446744073709551616");  // 2^64
  EXPECT_EQ(text(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(text(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(text(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(CounterTest, ConcurrentIncrementsSumExactly) {
  MetricRegistry registry;
  Counter& c = registry.Counter("test_ops_total", "ops").Get();
  Counter& fractional = registry.Counter("test_seconds_total", "s").Get();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        c.Inc();
        if (i % 100 == 0) fractional.Inc(0.25);  // exactly representable: the sum is exact
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(c.Value(), double{kThreads} * kPerThread);
  EXPECT_EQ(fractional.Value(), kThreads * (kPerThread / 100) * 0.25);
}

TEST(CounterTest, IntegralAndDoubleIncrements) {
  Counter c;
  c.Inc();
  c.Inc(4);
  c.Inc(uint64_t{5});
  c.Inc(0.5);
  EXPECT_EQ(c.Value(), 10.5);
}

TEST(GaugeTest, SetAddSubFromThreads) {
  Gauge g;
  g.Set(10);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        g.Add(2);
        g.Dec();
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(g.Value(), 10 + 4 * 10000);
  g.Sub(0.5);
  EXPECT_EQ(g.Value(), 40009.5);
}

TEST(HistogramTest, BucketBoundariesAreInclusive) {
  Histogram h({1, 2, 5});
  for (double v : {-5.0, 0.0, 1.0})
    h.Observe(v);                       // le=1
  h.Observe(std::nextafter(1.0, 2.0));  // le=2
  h.Observe(2);                         // le=2
  h.Observe(5);                         // le=5
  h.Observe(std::nextafter(5.0, 6.0));  // +Inf
  h.Observe(1e9);                       // +Inf
  HistogramSnapshot s = h.Snapshot();
  EXPECT_EQ(s.cumulative_counts, (std::vector<uint64_t>{3, 5, 6, 8}));
  EXPECT_EQ(s.count, 8u);
  h.Observe(std::numeric_limits<double>::quiet_NaN());  // +Inf, and the sum becomes NaN
  s = h.Snapshot();
  EXPECT_EQ(s.cumulative_counts, (std::vector<uint64_t>{3, 5, 6, 9}));
  EXPECT_TRUE(std::isnan(s.sum));
}

TEST(HistogramTest, ConcurrentObservationsAreAllCounted) {
  Histogram h(DefaultSecondsBuckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i)
        h.Observe(0.5);
    });
  }
  for (auto& t : threads)
    t.join();
  HistogramSnapshot s = h.Snapshot();
  EXPECT_EQ(s.count, 80000u);
  EXPECT_EQ(s.cumulative_counts[5], 0u);      // le=0.25
  EXPECT_EQ(s.cumulative_counts[6], 80000u);  // le=0.5
  EXPECT_EQ(s.sum, 40000.0);
}

TEST(HistogramTest, BucketHelpers) {
  EXPECT_EQ(DefaultSecondsBuckets(),
            (std::vector<double>{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}));
  EXPECT_EQ(ExponentialBuckets(0.001, 2, 4), (std::vector<double>{0.001, 0.002, 0.004, 0.008}));
  EXPECT_EQ(ExponentialBuckets(1024, 4, 3), (std::vector<double>{1024, 4096, 16384}));
  EXPECT_EQ(LinearBuckets(10, 5, 3), (std::vector<double>{10, 15, 20}));
}

TEST(MetricRegistryTest, SameRegistrationReturnsTheSameFamily) {
  MetricRegistry registry;
  auto& a = registry.Counter("test_total", "help", {"x"});
  auto& b = registry.Counter("test_total", "other help", {"x"});
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(&a.WithLabels({"1"}), &b.WithLabels({"1"}));
  EXPECT_NE(&a.WithLabels({"1"}), &a.WithLabels({"2"}));
  auto& h1 = registry.Histogram("test_seconds", "help", {}, {1, 2});
  auto& h2 = registry.Histogram("test_seconds", "help", {}, {1, 2});
  EXPECT_EQ(&h1, &h2);
}

TEST(MetricRegistryTest, ChildReferencesStayValidAsTheFamilyGrows) {
  MetricRegistry registry;
  auto& family = registry.Counter("test_total", "help", {"i"});
  Counter& first = family.WithLabels({"0"});
  for (int i = 1; i < 1000; ++i)
    family.WithLabels({std::to_string(i)}).Inc();
  first.Inc(7);
  EXPECT_EQ(family.WithLabels({"0"}).Value(), 7);
}

TEST(CallbackGaugeTest, RebindingReplacesAndOldBindingIsInert) {
  MetricRegistry registry;
  auto& family = registry.CallbackGauge("test_queue_size", "help", {"queue"});
  CallbackGaugeBinding first = family.Bind({"a"}, [] { return 1.0; });
  CallbackGaugeBinding second = family.Bind({"a"}, [] { return 2.0; });
  first.Reset();  // must not remove the second binding
  EXPECT_NE(PrometheusText(registry).find("test_queue_size{queue=\"a\"} 2\n"), std::string::npos);
  CallbackGaugeBinding moved = std::move(second);
  second.Reset();  // moved-from: no effect
  EXPECT_NE(PrometheusText(registry).find("test_queue_size{queue=\"a\"} 2\n"), std::string::npos);
  moved.Reset();
  EXPECT_EQ(PrometheusText(registry), "");
}

TEST_F(MetricsDeathTest, InvalidMetricNameAborts) {
  MetricRegistry registry;
  EXPECT_DEATH(registry.Counter("9lives_total", "h"),
               "metrics: invalid metric name \"9lives_total\": expected "
               "\\[a-zA-Z_:\\]\\[a-zA-Z0-9_:\\]\\*");
  EXPECT_DEATH(registry.Gauge("has-dash", "h"), "invalid metric name \"has-dash\"");
}

TEST_F(MetricsDeathTest, InvalidLabelNamesAbort) {
  MetricRegistry registry;
  EXPECT_DEATH(registry.Counter("test_total", "h", {"__reserved"}),
               "metrics: test_total: invalid label name \"__reserved\"");
  EXPECT_DEATH(registry.Counter("test_total", "h", {"a:b"}),
               "metrics: test_total: invalid label name \"a:b\"");
  EXPECT_DEATH(registry.Counter("test_total", "h", {"x", "x"}),
               "metrics: test_total: duplicate label name \"x\"");
  EXPECT_DEATH(registry.Histogram("test_seconds", "h", {"le"}),
               "metrics: test_seconds: label name \"le\" is reserved for histogram buckets");
}

TEST_F(MetricsDeathTest, WrongLabelCountAborts) {
  MetricRegistry registry;
  auto& family =
      registry.Counter("rigatoni_events_processed_total", "h", {"collection", "operation"});
  EXPECT_DEATH(family.WithLabels({"users"}),
               "metrics: rigatoni_events_processed_total: 1 label values given, expected 2 "
               "\\(collection, operation\\)");
  EXPECT_DEATH(family.Get(), "rigatoni_events_processed_total: 0 label values given");
  auto& callbacks = registry.CallbackGauge("test_size", "h");
  EXPECT_DEATH((void)callbacks.Bind({"extra"}, [] { return 0.0; }),
               "metrics: test_size: 1 label values given, expected 0");
}

TEST_F(MetricsDeathTest, ConflictingRegistrationAborts) {
  MetricRegistry registry;
  registry.Counter("test_total", "h", {"a"});
  EXPECT_DEATH(registry.Gauge("test_total", "h", {"a"}),
               "metrics: test_total: already registered as a counter, cannot register it as a "
               "gauge");
  EXPECT_DEATH(registry.Counter("test_total", "h", {"b"}),
               "metrics: test_total: already registered with labels \\{a\\}, cannot register it "
               "with labels \\{b\\}");
  registry.Histogram("test_seconds", "h", {}, {1, 2});
  EXPECT_DEATH(registry.Histogram("test_seconds", "h", {}, {1, 3}),
               "metrics: test_seconds: already registered with different histogram bounds");
}

TEST_F(MetricsDeathTest, BadHistogramBoundsAbort) {
  MetricRegistry registry;
  EXPECT_DEATH(registry.Histogram("test_seconds", "h", {}, {1, 1}),
               "metrics: test_seconds: histogram bounds must be strictly increasing");
  EXPECT_DEATH(
      registry.Histogram("test_seconds", "h", {}, {1, std::numeric_limits<double>::infinity()}),
      "metrics: test_seconds: histogram bounds must be finite \\(\\+Inf is implicit\\)");
  EXPECT_DEATH(ExponentialBuckets(0, 2, 3), "ExponentialBuckets needs start > 0");
}

TEST_F(MetricsDeathTest, NegativeCounterIncrementAborts) {
  Counter c;
  EXPECT_DEATH(c.Inc(-1), "metrics: Counter::Inc with a negative increment");
  EXPECT_DEATH(c.Inc(-0.5), "metrics: Counter::Inc with a negative or NaN increment");
}

}  // namespace
}  // namespace core
