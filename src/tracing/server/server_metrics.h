// ServerMetrics: the trace server's Prometheus metrics, registered once and cached so hot paths
// only do relaxed atomic adds.
//
//   tracing_requests_total{type,status}          requests answered; status "ok" | "error"
//   tracing_request_duration_seconds{type}       receipt -> reply ready (for RecordEvent in ack
//                                                mode "persisted": until the batch committed)
//   tracing_connections                          open WebSocket connections
//   tracing_events_ingested_total                events committed to storage
//   tracing_batch_commit_duration_seconds        one AppendEvents transaction
//   tracing_batch_events                         events per committed batch
//   tracing_subscribers                          live subscriptions
//   tracing_notifications_dropped_total          notifications a slow subscriber did not get
//   tracing_storage_size_bytes                   (callback gauge, bound by the server)
//   tracing_ingest_queue_depth                   (callback gauge, bound by the server)
//
// Thread-safe; lives as long as the registry.
#pragma once

#include <array>
#include <string_view>

#include "core/metric_registry.h"

namespace tracing::server {

// Request types in metrics labels: the protocol's variant names plus "Invalid" (unparsable).
inline constexpr std::array<std::string_view, 14> kRequestTypes = {
    "StartTrace",  "RecordEvent", "RecordEvents",    "EndTrace", "GetTrace",
    "QueryTraces", "QueryEvents", "GetFlowVersions", "Ping",     "Subscribe",
    "Unsubscribe", "StoreTrace",  "GetMetrics",      "Invalid"};
inline constexpr size_t kInvalidRequestType = kRequestTypes.size() - 1;

class ServerMetrics {
 public:
  explicit ServerMetrics(core::MetricRegistry& registry);

  // `type` is a Request variant index, or kInvalidRequestType.
  void RecordRequest(size_t type, bool ok, double seconds);

  core::MetricRegistry& registry;
  core::Gauge& connections;
  core::Counter& events_ingested;
  core::Histogram& batch_commit_seconds;
  core::Histogram& batch_events;
  core::Gauge& subscribers;
  core::Counter& notifications_dropped;
  core::CallbackGaugeFamily& storage_size_bytes;
  core::CallbackGaugeFamily& ingest_queue_depth;

 private:
  std::array<core::Counter*, kRequestTypes.size()> ok_{};
  std::array<core::Counter*, kRequestTypes.size()> error_{};
  std::array<core::Histogram*, kRequestTypes.size()> duration_{};
};

}  // namespace tracing::server
