// Handoff throughput (items/s) of core::BoundedQueue versus a mutex + condition-variable
// std::deque queue (the usual baseline), same capacity, same item type, same run:
//   1 producer -> 1 consumer and 2 producers -> 1 consumer, consumer popping one item at a time
//   (Pop) or draining up to 256 at once (PopBatch).
// Each iteration moves kItems items; threads are started per iteration (negligible next to it).
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/bounded_queue.h"

namespace {

constexpr size_t kCapacity = 1024;
constexpr size_t kBatch = 256;
constexpr int64_t kItems = 1 << 18;

// The baseline: one lock shared by everyone, condition variables for full/empty.
class MutexQueue {
 public:
  explicit MutexQueue(size_t capacity) : capacity_(capacity) {}
  void Push(uint64_t v) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return q_.size() < capacity_; });
    q_.push_back(v);
    lock.unlock();
    not_empty_.notify_one();
  }
  std::optional<uint64_t> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !q_.empty(); });
    uint64_t v = q_.front();
    q_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return v;
  }
  size_t PopBatch(std::vector<uint64_t>& out, size_t max) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !q_.empty(); });
    size_t n = 0;
    while (n < max && !q_.empty()) {
      out.push_back(q_.front());
      q_.pop_front();
      ++n;
    }
    lock.unlock();
    not_full_.notify_all();
    return n;
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<uint64_t> q_;
};

template <typename Queue, bool kBatched>
void Handoff(benchmark::State& state) {
  const int producers = static_cast<int>(state.range(0));
  const int64_t per_producer = kItems / producers;
  const int64_t total = per_producer * producers;
  uint64_t checksum = 0;
  for (auto _ : state) {
    Queue q(kCapacity);
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
      threads.emplace_back([&q, per_producer] {
        for (int64_t i = 0; i < per_producer; ++i)
          q.Push(static_cast<uint64_t>(i));
      });
    }
    int64_t received = 0;
    std::vector<uint64_t> batch;
    batch.reserve(kBatch);
    while (received < total) {
      if constexpr (kBatched) {
        batch.clear();
        received += static_cast<int64_t>(q.PopBatch(batch, kBatch));
        for (uint64_t v : batch)
          checksum += v;
      } else {
        checksum += *q.Pop();
        ++received;
      }
    }
    for (auto& t : threads)
      t.join();
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * total);
}

void Producers(benchmark::internal::Benchmark* b) {
  b->ArgName("producers")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(Handoff<core::BoundedQueue<uint64_t>, false>)->Name("BoundedQueue/Pop")->Apply(Producers);
BENCHMARK(Handoff<core::BoundedQueue<uint64_t>, true>)
    ->Name("BoundedQueue/PopBatch")
    ->Apply(Producers);
BENCHMARK(Handoff<MutexQueue, false>)->Name("MutexDeque/Pop")->Apply(Producers);
BENCHMARK(Handoff<MutexQueue, true>)->Name("MutexDeque/PopBatch")->Apply(Producers);

}  // namespace

BENCHMARK_MAIN();
