// Trace storage ingest: AppendEvents throughput (events/s, the items_per_second counter) into
// SQLite for batches of 1, 100 and 1000 events of ~600 bytes of JSON, against a baseline of raw
// sqlite3 INSERTs of the same rows into the same schema, one transaction per 1000 rows (what
// SQLite itself can do; the ratio is our overhead: idempotent INSERT OR IGNORE, trace header
// upserts, statement handling). Plus the memory backend's append rate.
//
// Run: build/bench/trace_storage_bench --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
// The database lives in a fresh temp dir per run (synchronous=NORMAL, WAL), removed afterwards.
#include <sqlite3.h>
#include <stdlib.h>

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "tracing/storage/memory_trace_storage.h"
#include "tracing/storage/sqlite_trace_storage.h"

namespace {

using tracing::StoredEvent;

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rr-bench-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    path_ = tmpl;
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A ~600-byte TraceEvent JSON, shaped like what clients send.
std::string EventJson(const std::string& id) {
  std::string json =
      R"({"event_id":")" + id +
      R"(","timestamp":"2025-09-17T21:06:43.123456Z","event_type":"MessageSent",)"
      R"("actor_id":"pipeline/processor-7","data":{"port":"out","message":{"message_type":)"
      R"("Record","size_bytes":512,"checksum":"9f86d081884c7d65","serialized_data":null},)"
      R"("state_diff":null,"error":null,"performance_metrics":{"execution_time_ns":12345,)"
      R"("memory_usage_bytes":1048576,"cpu_usage_percent":12.5,"queue_depth":3,)"
      R"("throughput_msgs_per_sec":1500.0},"custom_attributes":{"tenant":"acme","pad":")";
  const std::string tail = R"("}},"causality":null})";
  if (json.size() + tail.size() < 600) json.append(600 - json.size() - tail.size(), 'x');
  json += tail;
  return json;
}

// Events with unique ids from `*next_id`; 100 events per trace.
void FillBatch(std::vector<StoredEvent>* batch, uint64_t* next_id) {
  for (StoredEvent& e : *batch) {
    const uint64_t n = (*next_id)++;
    e.event_id = "00000000-0000-4000-8000-" + std::to_string(n);
    e.trace_id = "trace-" + std::to_string(n / 100);
    e.timestamp_ns = 1'700'000'000'000'000'000 + static_cast<int64_t>(n) * 1000;
  }
}

std::vector<StoredEvent> MakeBatch(size_t size) {
  std::vector<StoredEvent> batch(size);
  for (StoredEvent& e : batch) {
    e.event_type = "MessageSent";
    e.actor_id = "pipeline/processor-7";
    e.json = EventJson("00000000-0000-4000-8000-000000000000");
  }
  return batch;
}

void BM_SqliteAppendEvents(benchmark::State& state) {
  ScratchDir dir;
  auto storage = tracing::SqliteTraceStorage::Open(dir.File("traces.db"));
  if (!storage.ok()) {
    state.SkipWithError(storage.status().ToString().c_str());
    return;
  }
  std::vector<StoredEvent> batch = MakeBatch(static_cast<size_t>(state.range(0)));
  uint64_t next_id = 0;
  for (auto _ : state) {
    FillBatch(&batch, &next_id);
    auto st = (*storage)->AppendEvents(batch);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(next_id));
}
BENCHMARK(BM_SqliteAppendEvents)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime();

// The baseline: plain INSERTs of the same rows through raw sqlite3 (same schema and indexes,
// same pragmas), one transaction per 1000 rows.
void BM_RawSqliteInsertBaseline(benchmark::State& state) {
  ScratchDir dir;
  const std::string path = dir.File("traces.db");
  {
    auto schema = tracing::SqliteTraceStorage::Open(path);  // creates the same schema
    if (!schema.ok()) {
      state.SkipWithError(schema.status().ToString().c_str());
      return;
    }
  }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", nullptr, nullptr,
               nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO events (trace_id, event_id, timestamp_ns, event_type, actor_id, "
                     "json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                     -1, &insert, nullptr);
  std::vector<StoredEvent> batch = MakeBatch(1000);
  uint64_t next_id = 0;
  for (auto _ : state) {
    FillBatch(&batch, &next_id);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (const StoredEvent& e : batch) {
      sqlite3_bind_text(insert, 1, e.trace_id.data(), static_cast<int>(e.trace_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, e.event_id.data(), static_cast<int>(e.event_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(insert, 3, e.timestamp_ns);
      sqlite3_bind_text(insert, 4, e.event_type.data(), static_cast<int>(e.event_type.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 5, e.actor_id.data(), static_cast<int>(e.actor_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 6, e.json.data(), static_cast<int>(e.json.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        state.SkipWithError(sqlite3_errmsg(db));
        break;
      }
      sqlite3_reset(insert);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      state.SkipWithError(sqlite3_errmsg(db));
      break;
    }
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  state.SetItemsProcessed(static_cast<int64_t>(next_id));
}
BENCHMARK(BM_RawSqliteInsertBaseline)->UseRealTime();

void BM_MemoryAppendEvents(benchmark::State& state) {
  tracing::MemoryTraceStorage storage;
  std::vector<StoredEvent> batch = MakeBatch(static_cast<size_t>(state.range(0)));
  uint64_t next_id = 0;
  for (auto _ : state) {
    FillBatch(&batch, &next_id);
    benchmark::DoNotOptimize(storage.AppendEvents(batch));
  }
  state.SetItemsProcessed(static_cast<int64_t>(next_id));
}
BENCHMARK(BM_MemoryAppendEvents)->Arg(1)->Arg(100)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
