// AdminServer: the process's small HTTP server for operators and orchestrators.
//
//   GET|HEAD /health   liveness checks  -> 200 or 503 with HealthReportJson
//   GET|HEAD /ready    readiness checks -> 200 or 503 with HealthReportJson
//   GET|HEAD /metrics  Prometheus text exposition of the registry
//   anything else      404 JSON error; methods other than GET/HEAD get 405
//
// It runs on its own thread (Boost.Beast on Asio, asynchronous accept and connections), so a
// slow or malicious client cannot stall it nor anything else: each request's header must arrive
// within header_timeout (also the keep-alive idle limit), headers are limited to 8 KiB (431),
// request bodies are refused (413), a malformed request gets 400 and the connection is closed,
// and beyond max_connections new connections are answered 503 and closed.
//
// Lifetime: the registry and health checks must outlive the server. Handlers (built-in and added)
// run on the server thread: they must be quick. Start/Stop/AddRoute are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/health_checks.h"
#include "core/metric_registry.h"
#include "core/status.h"

namespace core {

struct AdminServerOptions {
  // "host:port" ("[::1]:9090" for IPv6); port 0 picks a free port (see AdminServer::port()).
  std::string bind_address = "0.0.0.0:9090";
  // A request's header must be complete this long after the previous response (or the accept).
  std::chrono::milliseconds header_timeout{5000};
  // A response must be written within this (a client that does not read is dropped).
  std::chrono::milliseconds write_timeout{10000};
  // Connections served at once; more are answered 503 and closed.
  size_t max_connections = 64;
};

// What a route handler sees of a GET or HEAD request.
struct AdminRequest {
  std::string_view path;   // "/metrics"
  std::string_view query;  // after '?', without it; empty if none
};

struct AdminResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

using AdminHandler = std::function<AdminResponse(const AdminRequest&)>;

class AdminServer {
 public:
  AdminServer(AdminServerOptions options, MetricRegistry& metrics, HealthChecks& health);
  ~AdminServer();  // Stop()s
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Serves GET/HEAD `path` (exact match, query string ignored) with `handler`, replacing any
  // route of that path, built-ins included. May be called before or after Start().
  void AddRoute(std::string path, AdminHandler handler);

  // Binds, listens and starts the server thread. Fails with a message naming the address, e.g.
  // "admin server: cannot listen on 0.0.0.0:8080: Address already in use".
  Status Start();

  // The bound port (useful with port 0); 0 before a successful Start().
  uint16_t port() const;

  // Closes the listener and every connection, and joins the thread. Idempotent.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace core
