// MemoryTraceStorage: a bounded, in-process TraceStorage (nothing survives a restart).
//
// Bounds: at most `max_traces` traces and about `max_bytes` of stored JSON (event JSON plus the
// trace's version/status/metadata JSON). When a write goes over a bound, whole traces are evicted
// least-recently-used first; PutTrace, AppendEvents and GetTrace touch a trace, queries do not.
// The trace written last is never evicted, so one trace larger than max_bytes stays alone.
//
// Costs: PutTrace/GetTrace/eviction O(log n) in the number of traces (plus the data copied);
// AppendEvents O(log n) per event; QueryTraces scans traces newest first; QueryEvents walks a
// global (timestamp, seq) index from the cursor.
//
// Thread-safety: all methods are thread-safe (one mutex; results are copied out under it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "tracing/storage/trace_storage.h"

namespace tracing {

class MemoryTraceStorage final : public TraceStorage {
 public:
  struct Options {
    size_t max_traces = 100'000;
    size_t max_bytes = size_t{256} << 20;  // 256 MiB of stored JSON
  };

  MemoryTraceStorage() : MemoryTraceStorage(Options{}) {}
  explicit MemoryTraceStorage(Options options);

  core::Status PutTrace(const StoredTrace& trace) override;
  core::Status AppendEvents(std::span<const StoredEvent> events) override;
  core::Result<std::optional<TraceWithEvents>> GetTrace(const std::string& trace_id) override;
  core::Result<TraceQueryResult> QueryTraces(const TraceQuery& query) override;
  core::Result<EventQueryResult> QueryEvents(const EventQuery& query) override;
  core::Result<std::vector<std::string>> GetFlowVersions(const std::string& flow_id) override;
  core::Result<uint64_t> DeleteTracesBefore(int64_t cutoff_ns) override;
  core::Status Ping() override { return {}; }
  // Bytes of stored JSON (the quantity bounded by max_bytes).
  core::Result<uint64_t> SizeBytes() override;
  std::string Describe() const override { return "memory:"; }

  size_t TraceCount() const;
  // Traces evicted by the bounds since construction (not those deleted by retention).
  uint64_t EvictedTraces() const;

 private:
  // (timestamp_ns, seq): the order of events within a trace and across traces.
  using EventKey = std::pair<int64_t, uint64_t>;
  struct Entry {
    StoredTrace trace;                       // event_count kept current
    std::map<EventKey, StoredEvent> events;  // node-based: pointers into it stay valid
    std::unordered_set<std::string> event_ids;
    std::map<std::string, uint32_t> actors;  // distinct actor ids -> event count
    size_t bytes = 0;
    std::list<std::string>::iterator lru;  // position in lru_
  };
  using TraceMap = std::unordered_map<std::string, Entry>;

  static size_t HeaderBytes(const StoredTrace& t);
  // Finds or creates the entry and marks it most recently used.
  Entry& TouchLocked(const std::string& trace_id, int64_t start_time_ns, bool* created);
  void SetHeaderLocked(Entry& e, const StoredTrace& header);
  void EraseLocked(TraceMap::iterator it);
  void EvictLocked();

  const Options options_;
  mutable std::mutex mu_;
  TraceMap traces_;
  std::list<std::string> lru_;                          // front = most recent
  std::set<std::pair<int64_t, std::string>> by_start_;  // (start_time, trace_id)
  std::map<EventKey, const StoredEvent*> by_time_;      // every stored event
  size_t bytes_ = 0;
  uint64_t next_seq_ = 1;
  uint64_t evicted_ = 0;
};

}  // namespace tracing
