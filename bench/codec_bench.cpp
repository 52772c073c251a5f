// Codec throughput over ~32 MiB of JSON Lines change events (bench/change_event_corpus.h):
// compress and decompress MB/s (of uncompressed bytes) for gzip -6, zstd -3 and snappy, one-shot
// on one thread, with warm reusable buffers, wall-clock time (as the CLI comparison uses).
// Counter "ratio" = compressed / uncompressed.
//
//   codec_bench [benchmark flags]
//   codec_bench --write_corpus=PATH     writes the corpus to PATH and exits (for CLI comparison)
//   CODEC_BENCH_MB=8 codec_bench        a smaller corpus (default 32)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "change_event_corpus.h"
#include "core/codec.h"

namespace {

size_t CorpusBytes() {
  const char* mb = std::getenv("CODEC_BENCH_MB");
  return static_cast<size_t>(mb != nullptr ? std::atoi(mb) : 32) << 20;
}

const std::string& Corpus() {
  static const std::string corpus = bench::ChangeEventCorpus(CorpusBytes());
  return corpus;
}

void BM_Compress(benchmark::State& state, core::Codec codec, int level) {
  const std::string& in = Corpus();
  std::string out;
  for (auto _ : state) {
    core::Status st = core::Compress(codec, in, &out, level);
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
  state.counters["ratio"] = static_cast<double>(out.size()) / static_cast<double>(in.size());
}

void BM_Decompress(benchmark::State& state, core::Codec codec, int level) {
  const std::string& in = Corpus();
  std::string packed, out;
  if (!core::Compress(codec, in, &packed, level).ok()) state.SkipWithError("compress failed");
  for (auto _ : state) {
    core::Status st = core::Decompress(codec, packed, &out);
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    benchmark::DoNotOptimize(out.data());
  }
  if (out != in) state.SkipWithError("round trip mismatch");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}

BENCHMARK_CAPTURE(BM_Compress, gzip6, core::Codec::kGzip, 6)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compress, zstd3, core::Codec::kZstd, 3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compress, snappy, core::Codec::kSnappy, 0)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Decompress, gzip6, core::Codec::kGzip, 6)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Decompress, zstd3, core::Codec::kZstd, 3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Decompress, snappy, core::Codec::kSnappy, 0)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  constexpr std::string_view kFlag = "--write_corpus=";
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).substr(0, kFlag.size()) == kFlag) {
      return bench::WriteCorpus(Corpus(), argv[i] + kFlag.size()) ? 0 : 1;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
