// TraceServer: the trace server's front end: one TCP port serving Reflow WebSocket clients,
// /health, /ready and the HTTP query API (see ws_session.h, http_session.h, http_query_api.h).
//
//   TraceServer server(options, storage, ingest, hub, service, metrics, health);
//   CORE_RETURN_IF_ERROR(server.Start());       // binds, starts worker_threads I/O threads
//   ... server.port() ...
//   server.StopAccepting();                      // shutdown: no new connections
//   ingest.Drain();                              // commit and ack what was accepted
//   server.Stop();                               // flush replies, close sessions, join threads
//
// Registers health checks on `health`: liveness "storage" (Ping) and "disk" (free space where
// the database lives); readiness "storage", "accepting" (not shutting down) and "ingest_queue"
// (not full).
//
// Lifetime: storage, ingest, hub, service, metrics and health must outlive the server.
// Start/StopAccepting/Stop are called from one controlling thread.
#pragma once

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "core/asio.h"
#include "core/callback_gauge.h"
#include "core/health_checks.h"
#include "core/status.h"
#include "tracing/server/server_state.h"

namespace tracing::server {

class TraceServer {
 public:
  TraceServer(TraceServerOptions options, TraceStorage& storage, IngestWriter& ingest,
              SubscriptionHub& hub, TraceService& service, ServerMetrics& metrics,
              core::HealthChecks& health);
  ~TraceServer();  // Stop()s
  TraceServer(const TraceServer&) = delete;
  TraceServer& operator=(const TraceServer&) = delete;

  // Errors name the address: "cannot listen on 0.0.0.0:8080: Address already in use".
  core::Status Start();
  uint16_t port() const { return port_; }
  size_t connections() const { return state_.ws_sessions.load(); }

  // Closes the listener; open sessions keep working; /ready turns failing.
  void StopAccepting();
  // Asks every session to close (1001) after writing its queued replies, waits up to `grace`
  // for them, then stops the I/O threads. Idempotent.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

 private:
  void DoAccept();

  ServerState state_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  bool stopped_ = false;
  std::vector<core::HealthCheckHandle> checks_;
  core::CallbackGaugeBinding size_gauge_;
  core::CallbackGaugeBinding queue_gauge_;
};

}  // namespace tracing::server
