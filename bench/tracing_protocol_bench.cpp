// Reflow wire protocol codec: parse (simdjson DOM over a reused MessageParser -> typed Request)
// and write (typed Request -> compact serde-compatible JSON) of a realistic ~600-byte RecordEvent
// (a MessageSent with port, message snapshot, metrics, causality and a custom attribute, as
// the reference client sends it).
//
// Run: build/bench/tracing_protocol_bench --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
// Time per iteration is ns per message; bytes_per_second counts the message's JSON bytes.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "tracing/protocol/message_parser.h"
#include "tracing/protocol/message_writer.h"

namespace {

using tracing::protocol::AppendJson;
using tracing::protocol::MessageParser;
using tracing::protocol::Request;

constexpr const char kRecordEvent[] =
    R"({"RecordEvent":{"trace_id":"67e55044-10b1-426f-9247-bb680e5fe0c8","event":{)"
    R"("event_id":"0b9e6a3c-4d1f-4c2a-9a57-3f1e2d7c8b90","timestamp":"2025-09-17T21:06:43.123456Z",)"
    R"("event_type":"MessageSent","actor_id":"order_enricher_3","data":{"port":"out",)"
    R"("message":{"message_type":"Object","size_bytes":1834,"checksum":)"
    R"("",)"
    R"("serialized_data":[]},"state_diff":null,"error":null,"performance_metrics":{)"
    R"("execution_time_ns":184233,"memory_usage_bytes":65536,"cpu_usage_percent":12.5,)"
    R"("queue_depth":4,"throughput_msgs_per_sec":5230.25},"custom_attributes":{)"
    R"("batch":17}},"causality":{)"
    R"("parent_event_id":"5c2e9f10-7a3b-4e8d-b6c1-0d9f8e7a6b5c","root_cause_event_id":)"
    R"("1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d","dependency_chain":[],"span_id":"span-7f3a9c"}}}})";

void BM_ParseRecordEvent(benchmark::State& state) {
  const std::string json = kRecordEvent;
  MessageParser parser;
  for (auto _ : state) {
    core::Result<Request> request = parser.ParseRequest(json);
    if (!request.ok()) {
      state.SkipWithError(request.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(request);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
  state.counters["message_bytes"] = static_cast<double>(json.size());
}
BENCHMARK(BM_ParseRecordEvent);

void BM_WriteRecordEvent(benchmark::State& state) {
  MessageParser parser;
  const Request request = parser.ParseRequest(kRecordEvent).value();
  std::string out;
  out.reserve(1024);
  for (auto _ : state) {
    out.clear();
    AppendJson(request, &out);
    benchmark::DoNotOptimize(out.data());
  }
  if (out != kRecordEvent) state.SkipWithError("output differs from the input message");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_WriteRecordEvent);

}  // namespace

BENCHMARK_MAIN();
