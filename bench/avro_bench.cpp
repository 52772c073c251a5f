// Writing change events to Avro object container files, one codec per benchmark, with JSON Lines
// + zstd (the default text format) in the same run as the baseline. Input: 4000 change events of
// ~1 KB (bench/change_event_corpus.h, as raw BSON like the wire gives them), encoded as one batch
// (one object) per iteration through the BatchEncoder interface: record encoding, Extended JSON,
// block compression and container framing all count. One thread, warm reusable buffers.
//
// Run: build/bench/avro_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// items_per_second = change events (rows) per second; bytes_per_second counts the events' BSON;
// counter object_bytes = size of the object written for the batch (per 4000 events).
#include <benchmark/benchmark.h>

#include <sstream>
#include <string>
#include <vector>

#include "cdc/event/bson_ptr.h"
#include "cdc/format/batch_encoder.h"
#include "change_event_corpus.h"

namespace {

constexpr size_t kEvents = 4000;

struct Batch {
  std::vector<cdc::BsonPtr> docs;
  std::vector<cdc::ChangeEvent> events;
  size_t bson_bytes = 0;
};

const Batch& Events() {
  static const Batch batch = [] {
    Batch b;
    std::istringstream lines(bench::ChangeEventCorpus(kEvents * 1100));
    for (std::string line; b.docs.size() < kEvents && std::getline(lines, line);) {
      bson_error_t err;
      bson_t* doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(line.data()),
                                       static_cast<ssize_t>(line.size()), &err);
      if (doc == nullptr) std::abort();
      b.docs.emplace_back(doc);
      auto e = cdc::ChangeEvent::Parse(cdc::BsonView::Of(doc));
      if (!e.ok()) std::abort();
      b.events.push_back(*e);
      b.bson_bytes += doc->len;
    }
    return b;
  }();
  return batch;
}

void BM_Encode(benchmark::State& state, cdc::OutputFormat format, core::Codec codec) {
  const Batch& batch = Events();
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
    for (const auto& e : batch.events) {
      core::Status st = (*encoder)->Add(e);
      if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    }
    core::Status st = (*encoder)->Finish(&out);
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch.events.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * batch.bson_bytes));
  state.counters["object_bytes"] = static_cast<double>(out.size());
  state.counters["bson_bytes"] = static_cast<double>(batch.bson_bytes);
}

using cdc::OutputFormat;
BENCHMARK_CAPTURE(BM_Encode, avro_null, OutputFormat::kAvro, core::Codec::kNone);
BENCHMARK_CAPTURE(BM_Encode, avro_deflate, OutputFormat::kAvro, core::Codec::kGzip);
BENCHMARK_CAPTURE(BM_Encode, avro_snappy, OutputFormat::kAvro, core::Codec::kSnappy);
BENCHMARK_CAPTURE(BM_Encode, avro_zstandard, OutputFormat::kAvro, core::Codec::kZstd);
BENCHMARK_CAPTURE(BM_Encode, jsonl_zstd_baseline, OutputFormat::kJsonLines, core::Codec::kZstd);
BENCHMARK_CAPTURE(BM_Encode, jsonl_none, OutputFormat::kJsonLines, core::Codec::kNone);

}  // namespace

BENCHMARK_MAIN();
