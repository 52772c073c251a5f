// TraceService: answers the Reflow requests that read or write trace headers synchronously
// against storage (StartTrace, EndTrace, StoreTrace, GetTrace, QueryTraces, QueryEvents,
// GetFlowVersions, Ping, GetMetrics), writing each reply as wire JSON (byte-compatible with the
// reference; request_id echoed last when the request had one). RecordEvent(s) and
// Subscribe/Unsubscribe belong to the session (ingest queue, hub).
//
// The HTTP query API uses the same reads (Write*Json without the message envelope).
//
// Thread-safe (storage and hub are); it holds no per-request state.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/json_writer.h"
#include "core/status.h"
#include "tracing/protocol/messages.h"
#include "tracing/server/subscription_hub.h"
#include "tracing/storage/trace_storage.h"

namespace tracing::server {

// What GetMetrics reports ({"Metrics":{"data":{...}}}).
struct ServiceStats {
  uint64_t events_total = 0;
  uint64_t active_subscriptions = 0;
  uint64_t connections = 0;
  double uptime_seconds = 0;
};

class TraceService {
 public:
  // Largest page QueryTraces / QueryEvents return (a larger limit is clamped).
  static constexpr uint64_t kMaxPage = 1000;
  static constexpr uint64_t kDefaultPage = 100;

  TraceService(TraceStorage& storage, SubscriptionHub& hub,
               std::function<ServiceStats()> stats = {});

  // Handles `request` (not RecordEvent(s)/Subscribe/Unsubscribe) and appends the reply to *out.
  // Returns false when the reply is an Error.
  bool Handle(const protocol::Request& request, std::string* out);

  // HTTP API bodies. GetTraceJson: the FlowTrace, or NotFound.
  core::Status GetTraceJson(const std::string& trace_id, std::string* out);
  // {"traces":[...],"total_count":N}
  core::Status QueryTracesJson(const protocol::TraceQuery& query, std::string* out);
  // {"events":[{"trace_id":..,"event":..},...],"next_cursor":"..."|null}
  core::Status QueryEventsJson(const protocol::EventQuery& query, std::string* out);

  TraceStorage& storage() { return storage_; }

 private:
  core::Status StartTrace(const protocol::StartTrace& r, std::string* out);
  core::Status EndTrace(const protocol::EndTrace& r, std::string* out);
  core::Status StoreTrace(const protocol::StoreTrace& r, std::string* out);
  core::Status GetTrace(const protocol::GetTrace& r, std::string* out);
  core::Status QueryTraces(const protocol::QueryTraces& r, std::string* out);
  core::Status QueryEvents(const protocol::QueryEvents& r, std::string* out);
  core::Status FlowVersions(const protocol::GetFlowVersions& r, std::string* out);
  void Metrics(std::string* out);

  core::Status WriteTraces(const protocol::TraceQuery& query, core::JsonWriter& w);
  core::Status WriteEvents(const protocol::EventQuery& query, core::JsonWriter& w);

  TraceStorage& storage_;
  SubscriptionHub& hub_;
  std::function<ServiceStats()> stats_;
  std::string default_metadata_json_;
};

}  // namespace tracing::server
