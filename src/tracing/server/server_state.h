// ServerState: what every connection of a TraceServer shares (internal to src/tracing/server).
// Owned by TraceServer; outlives every session (the server joins its I/O threads before it
// destroys this).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/health_checks.h"
#include "tracing/server/ingest_writer.h"
#include "tracing/server/server_metrics.h"
#include "tracing/server/server_options.h"
#include "tracing/server/subscription_hub.h"
#include "tracing/server/trace_service.h"

namespace tracing::server {

class WsSession;

struct ServerState {
  TraceServerOptions options;
  TraceStorage& storage;
  IngestWriter& ingest;
  SubscriptionHub& hub;
  TraceService& service;
  ServerMetrics& metrics;
  core::HealthChecks& health;

  std::atomic<size_t> ws_sessions{0};  // admitted WebSocket sessions (counted at upgrade)
  std::atomic<bool> stopping{false};

  // Live sessions, for closing them at shutdown.
  std::mutex sessions_mu;
  std::unordered_map<WsSession*, std::weak_ptr<WsSession>> sessions;
};

}  // namespace tracing::server
