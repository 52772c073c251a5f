// Parquet writer throughput: ~1 KB change events (bench/change_event_corpus.h) encoded to one
// object per batch of 10,000 events, as Parquet (snappy, zstd, none) and, in the same run, JSON
// Lines + zstd and + gzip for comparison. Rows/s and MB/s are of input (raw BSON) bytes; the
// `object_bytes` counter is the output size (compare it with JSON Lines + gzip).
//
// With PARQUET_BENCH_DIR=/some/dir the run also writes events.jsonl (plain JSON Lines) and our
// events.snappy.parquet / events.zstd.parquet there, for bench/parquet_vs_duckdb.mjs, which times
// DuckDB's own COPY ... TO parquet on the same rows.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cdc/event/bson_ptr.h"
#include "cdc/event/change_event.h"
#include "cdc/format/batch_encoder.h"
#include "change_event_corpus.h"

namespace {

constexpr size_t kBatchEvents = 10'000;

struct Corpus {
  std::vector<cdc::BsonPtr> docs;
  std::vector<cdc::ChangeEvent> events;
  size_t bson_bytes = 0;
};

const Corpus& Events() {
  static const Corpus corpus = [] {
    Corpus c;
    std::istringstream lines(bench::ChangeEventCorpus(kBatchEvents * 1100));
    for (std::string line; std::getline(lines, line) && c.docs.size() < kBatchEvents;) {
      bson_error_t err;
      bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(line.data()),
                                     static_cast<ssize_t>(line.size()), &err);
      if (b == nullptr) continue;
      c.docs.emplace_back(b);
    }
    for (const auto& d : c.docs) {
      auto e = cdc::ChangeEvent::Parse(cdc::BsonView::Of(d.get()));
      if (!e.ok()) std::abort();
      c.events.push_back(*e);
      c.bson_bytes += d->len;
    }
    return c;
  }();
  return corpus;
}

std::string Encode(const cdc::EncoderOptions& o) {
  auto encoder = cdc::MakeBatchEncoder(o);
  if (!encoder.ok()) std::abort();
  for (const auto& e : Events().events) {
    if (!(*encoder)->Add(e).ok()) std::abort();
  }
  std::string out;
  if (!(*encoder)->Finish(&out).ok()) std::abort();
  return out;
}

void BM_Encode(benchmark::State& state, cdc::OutputFormat format, core::Codec codec) {
  const Corpus& c = Events();
  cdc::EncoderOptions o;
  o.format = format;
  o.compression = codec;
  auto encoder = cdc::MakeBatchEncoder(o);
  if (!encoder.ok()) {
    state.SkipWithError(encoder.status().ToString().c_str());
    return;
  }
  std::string out;
  for (auto _ : state) {
    for (const auto& e : c.events) {
      if (!(*encoder)->Add(e).ok()) state.SkipWithError("add failed");
    }
    if (!(*encoder)->Finish(&out).ok()) state.SkipWithError("finish failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.events.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bson_bytes));
  state.counters["object_bytes"] = static_cast<double>(out.size());
  state.counters["bson_bytes"] = static_cast<double>(c.bson_bytes);
}

BENCHMARK_CAPTURE(BM_Encode, parquet_snappy, cdc::OutputFormat::kParquet, core::Codec::kSnappy)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Encode, parquet_zstd, cdc::OutputFormat::kParquet, core::Codec::kZstd)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Encode, parquet_none, cdc::OutputFormat::kParquet, core::Codec::kNone)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Encode, jsonl_zstd, cdc::OutputFormat::kJsonLines, core::Codec::kZstd)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Encode, jsonl_gzip, cdc::OutputFormat::kJsonLines, core::Codec::kGzip)
    ->Unit(benchmark::kMillisecond);

// Writes the inputs of bench/parquet_vs_duckdb.mjs when PARQUET_BENCH_DIR is set.
void WriteComparisonFiles() {
  const char* dir = std::getenv("PARQUET_BENCH_DIR");
  if (dir == nullptr) return;
  cdc::EncoderOptions o;
  std::ofstream(std::string(dir) + "/events.jsonl", std::ios::binary) << Encode(o);
  o.format = cdc::OutputFormat::kParquet;
  o.compression = core::Codec::kSnappy;
  std::ofstream(std::string(dir) + "/events.snappy.parquet", std::ios::binary) << Encode(o);
  o.compression = core::Codec::kZstd;
  std::ofstream(std::string(dir) + "/events.zstd.parquet", std::ios::binary) << Encode(o);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  WriteComparisonFiles();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
