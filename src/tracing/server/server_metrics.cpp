#include "tracing/server/server_metrics.h"

namespace tracing::server {

ServerMetrics::ServerMetrics(core::MetricRegistry& r)
    : registry(r),
      connections(r.Gauge("tracing_connections", "Open WebSocket connections").Get()),
      events_ingested(
          r.Counter("tracing_events_ingested_total", "Trace events committed to storage").Get()),
      batch_commit_seconds(r.Histogram("tracing_batch_commit_duration_seconds",
                                       "Duration of one storage transaction of ingested events", {},
                                       core::ExponentialBuckets(0.0001, 2.5, 12))
                               .Get()),
      batch_events(r.Histogram("tracing_batch_events", "Events per committed ingest batch", {},
                               core::ExponentialBuckets(1, 2, 14))
                       .Get()),
      subscribers(r.Gauge("tracing_subscribers", "Live event subscriptions").Get()),
      notifications_dropped(r.Counter("tracing_notifications_dropped_total",
                                      "Event notifications not delivered to a slow subscriber")
                                .Get()),
      storage_size_bytes(
          r.CallbackGauge("tracing_storage_size_bytes", "Bytes used by the trace storage")),
      ingest_queue_depth(r.CallbackGauge("tracing_ingest_queue_depth",
                                         "Ingest requests waiting for the batch writer")) {
  auto& requests = r.Counter("tracing_requests_total", "Requests answered, by type and outcome",
                             {"type", "status"});
  auto& duration =
      r.Histogram("tracing_request_duration_seconds", "Time from a request's receipt to its reply",
                  {"type"}, core::ExponentialBuckets(0.00005, 2.5, 14));
  for (size_t i = 0; i < kRequestTypes.size(); ++i) {
    ok_[i] = &requests.WithLabels({kRequestTypes[i], "ok"});
    error_[i] = &requests.WithLabels({kRequestTypes[i], "error"});
    duration_[i] = &duration.WithLabels({kRequestTypes[i]});
  }
}

void ServerMetrics::RecordRequest(size_t type, bool ok, double seconds) {
  if (type >= kRequestTypes.size()) type = kInvalidRequestType;
  (ok ? ok_ : error_)[type]->Inc();
  duration_[type]->Observe(seconds);
}

}  // namespace tracing::server
