// TraceStorage: where the trace server keeps traces and their events. One interface, several
// backends (memory, sqlite, postgres), all passing one conformance suite.
//
// The storage layer does not interpret the Reflow JSON: the protocol layer hands it the indexed
// fields plus the canonical JSON of each event / version / metadata / status, and gets the same
// JSON back. Times are nanoseconds since the Unix epoch (UTC).
//
// Contract:
//  - AppendEvents() stores a whole batch in one transaction: when it returns OK every event in it
//    is durable (the server acknowledges "persisted" events only after that). Events are
//    append-only; an event_id seen twice for the same trace is stored once (idempotent retries).
//  - Appending to a trace updates its end_time (max event time) and, for an "ActorFailed" event,
//    sets status "Failed" unless the trace already ended with another final status.
//  - Methods are thread-safe. Errors are typed (Unavailable = retry later).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace tracing {

struct StoredTrace {
  std::string trace_id;  // UUID string, lower-case
  std::string flow_id;
  std::string execution_id;  // UUID string
  std::string version_json;  // canonical FlowVersion JSON {"major":..,"minor":..,...}
  int64_t start_time_ns = 0;
  std::optional<int64_t> end_time_ns;
  std::string status;         // "Pending" | "Running" | "Completed" | "Cancelled" | "Failed"
  std::string status_json;    // canonical status JSON ("Running" or {"Failed":{"error":"..."}})
  std::string metadata_json;  // canonical TraceMetadata JSON
  // Filled by reads: the number of events stored for the trace.
  uint64_t event_count = 0;
};

struct StoredEvent {
  std::string trace_id;
  std::string event_id;  // UUID string
  int64_t timestamp_ns = 0;
  std::string event_type;  // variant name: "ActorFailed", "DataFlow", ...
  std::string actor_id;
  std::string json;  // canonical TraceEvent JSON
};

struct TraceQuery {
  std::optional<std::string> flow_id;
  std::optional<std::string> execution_id;
  std::optional<int64_t> from_ns;  // start_time >= from
  std::optional<int64_t> to_ns;    // start_time <= to
  std::optional<std::string> status;
  // Traces having at least one event whose actor_id contains this substring.
  std::optional<std::string> actor_filter;
  uint32_t limit = 100;
  uint32_t offset = 0;
};

struct TraceQueryResult {
  std::vector<StoredTrace> traces;  // newest start_time first
  uint64_t total_count = 0;         // all matches, not the page size
};

// Event-level query with cursor pagination (an extension of the reference protocol).
struct EventQuery {
  std::optional<std::string> trace_id;
  std::optional<std::string> actor_id;
  std::vector<std::string> event_types;  // any of; empty = all
  std::optional<int64_t> from_ns;
  std::optional<int64_t> to_ns;
  std::string cursor;  // opaque; empty = from the start
  uint32_t limit = 100;
};

struct EventQueryResult {
  std::vector<StoredEvent> events;  // ordered by (timestamp, insertion order)
  std::string next_cursor;          // empty when there are no more
};

class TraceStorage {
 public:
  virtual ~TraceStorage() = default;

  // Creates or replaces the trace's header (StartTrace, StoreTrace, EndTrace).
  virtual core::Status PutTrace(const StoredTrace& trace) = 0;
  // One transaction for the whole batch; unknown trace ids get a minimal "Running" trace row.
  virtual core::Status AppendEvents(std::span<const StoredEvent> events) = 0;

  // The trace and its events in order (timestamp, then insertion order); nullopt if unknown.
  struct TraceWithEvents {
    StoredTrace trace;
    std::vector<StoredEvent> events;
  };
  virtual core::Result<std::optional<TraceWithEvents>> GetTrace(const std::string& trace_id) = 0;
  virtual core::Result<TraceQueryResult> QueryTraces(const TraceQuery& query) = 0;
  virtual core::Result<EventQueryResult> QueryEvents(const EventQuery& query) = 0;
  // Distinct version_json of the flow's traces, newest first.
  virtual core::Result<std::vector<std::string>> GetFlowVersions(const std::string& flow_id) = 0;

  // Retention: deletes traces (and their events) that started before `cutoff_ns`, in small
  // transactions so ingest is never stalled. Returns the number of traces deleted.
  virtual core::Result<uint64_t> DeleteTracesBefore(int64_t cutoff_ns) = 0;

  // For /health and metrics.
  virtual core::Status Ping() = 0;
  virtual core::Result<uint64_t> SizeBytes() = 0;
  virtual std::string Describe() const = 0;  // "sqlite:/var/lib/tracing.db", "memory:"
};

}  // namespace tracing
