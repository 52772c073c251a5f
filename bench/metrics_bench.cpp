// Cost of recording metrics on hot paths. Compare "Contended" runs at 1 and 2 threads with the
// naive baseline: a single std::atomic shared by the threads (every increment bounces its cache
// line between cores), which is what our per-thread counter cells avoid.
#include <atomic>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "core/metric_registry.h"

namespace {

core::MetricRegistry& Registry() {
  static core::MetricRegistry registry;
  return registry;
}

void BM_CounterInc(benchmark::State& state) {
  static core::Counter counter;
  for (auto _ : state)
    counter.Inc();
  benchmark::DoNotOptimize(counter.Value());
}
BENCHMARK(BM_CounterInc);

// One counter shared by all benchmark threads.
void BM_CounterIncContended(benchmark::State& state) {
  static core::Counter counter;
  for (auto _ : state)
    counter.Inc();
  if (state.thread_index() == 0) benchmark::DoNotOptimize(counter.Value());
}
BENCHMARK(BM_CounterIncContended)->Threads(1)->Threads(2)->UseRealTime();

// A labelled child looked up once and cached, as hot paths should do.
void BM_LabelledCounterCached(benchmark::State& state) {
  static core::Counter& counter =
      Registry()
          .Counter("bench_events_processed_total", "bench", {"collection", "operation"})
          .WithLabels({"users", "insert"});
  for (auto _ : state)
    counter.Inc();
}
BENCHMARK(BM_LabelledCounterCached)->Threads(1)->Threads(2)->UseRealTime();

// The lookup itself (lock + map find), for comparison: never do this per event.
void BM_LabelledCounterLookup(benchmark::State& state) {
  auto& family =
      Registry().Counter("bench_events_processed_total", "bench", {"collection", "operation"});
  for (auto _ : state)
    family.WithLabels({"users", "insert"}).Inc();
}
BENCHMARK(BM_LabelledCounterLookup);

void BM_HistogramObserve(benchmark::State& state) {
  static core::Histogram& histogram =
      Registry().Histogram("bench_duration_seconds", "bench").Get();  // 11 default buckets
  double v = 0.0001;
  for (auto _ : state) {
    histogram.Observe(v);
    v = v < 20 ? v * 1.7 : 0.0001;  // walk across all buckets
  }
}
BENCHMARK(BM_HistogramObserve)->Threads(1)->Threads(2)->UseRealTime();

// Baseline: one atomic shared by all threads.
void BM_NaiveSharedAtomic(benchmark::State& state) {
  static std::atomic<uint64_t> value{0};
  for (auto _ : state)
    value.fetch_add(1, std::memory_order_relaxed);
  benchmark::DoNotOptimize(value.load());
}
BENCHMARK(BM_NaiveSharedAtomic)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
