// Events per second through the change-stream source: ChangeStreamReader::Run with a sink that
// only counts, reading a preloaded collection from the start of the oplog.
//
// Needs a server with the events already there; bench/change_stream_source_bench.sh starts
// mongo-sim, preloads it with `mongo-sim-load --no-drain` and runs this binary with and without
// the allocator setting below. Environment:
//   MONGODB_URI            the deployment (required; the benchmark is skipped without it)
//   BENCH_DB, BENCH_COLL   what mongo-sim-load wrote (default bench.load)
//   BENCH_EVENTS           events to read per iteration (default 1000000)
//   BENCH_MALLOPT=1        keep freed reply buffers in the heap (mallopt M_MMAP_THRESHOLD 64 MiB,
//                          M_TRIM_THRESHOLD 256 MiB), as mongo-sim-load does
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "cdc/source/change_event_sink.h"
#include "cdc/source/change_stream_reader.h"
#include "cdc/source/mongo_client_pool.h"

namespace {

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

// Counts events and asks the reader to stop after `target` of them.
class CountingSink : public cdc::ChangeEventSink {
 public:
  CountingSink(uint64_t target, std::atomic<bool>* stop) : target_(target), stop_(stop) {}
  core::Status OnEvent(const cdc::StreamTarget& /*target*/, const cdc::ChangeEvent& e) override {
    bytes_ += e.raw().size();
    if (++events_ >= target_) stop_->store(true, std::memory_order_relaxed);
    return core::Status::Ok();
  }
  core::Status OnQuiet(const cdc::StreamTarget& /*target*/, cdc::BsonView /*token*/) override {
    ++quiet_;
    // Every event is in the oplog before the run: a wait without events means there are no more.
    if (quiet_ > 3) stop_->store(true, std::memory_order_relaxed);
    return core::Status::Ok();
  }
  uint64_t events() const { return events_; }
  uint64_t bytes() const { return bytes_; }

 private:
  uint64_t target_;
  std::atomic<bool>* stop_;
  uint64_t events_ = 0;
  uint64_t bytes_ = 0;
  int quiet_ = 0;
};

void BM_ReadPreloadedEvents(benchmark::State& state) {
  const std::string uri = Env("MONGODB_URI", "");
  if (uri.empty()) {
    state.SkipWithError("set MONGODB_URI (see bench/change_stream_source_bench.sh)");
    return;
  }
  const uint64_t target = std::stoull(Env("BENCH_EVENTS", "1000000"));
  auto pool = cdc::MongoClientPool::Create(uri, "change_stream_source_bench");
  if (!pool.ok()) {
    state.SkipWithError(pool.status().message().c_str());
    return;
  }
  cdc::StreamTarget target_coll{cdc::WatchLevel::kCollection, Env("BENCH_DB", "bench"),
                                Env("BENCH_COLL", "load")};
  cdc::ChangeStreamOptions options;
  options.max_await_time_ms = 200;
  uint64_t events = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    std::atomic<bool> stop{false};
    CountingSink sink(target, &stop);
    cdc::ChangeStreamReader reader(pool.value().get(), target_coll, options);
    // From the start of the oplog: every preloaded event.
    auto end = reader.Run(cdc::StartPosition::AtOperationTime({0, 1}), sink, stop);
    if (!end.ok()) {
      state.SkipWithError(end.status().ToString().c_str());
      return;
    }
    if (sink.events() < target) {
      state.SkipWithError(("read only " + std::to_string(sink.events()) + " of " +
                           std::to_string(target) + " events; preload them first")
                              .c_str());
      return;
    }
    events += sink.events();
    bytes += sink.bytes();
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ReadPreloadedEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  if (Env("BENCH_MALLOPT", "0") == "1") {
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  }
  cdc::EnsureMongoDriverInitialized();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
