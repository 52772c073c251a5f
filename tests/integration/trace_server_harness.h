// Shared by the trace-server integration tests: a blocking WebSocket client, a server harness
// on a free port, and the golden protocol files. Header-only; each test binary includes it once.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <string>

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "core/asio.h"
#include "core/health_checks.h"
#include "core/metric_registry.h"
#include "tracing/server/ingest_writer.h"
#include "tracing/server/server_metrics.h"
#include "tracing/server/subscription_hub.h"
#include "tracing/server/trace_server.h"
#include "tracing/server/trace_service.h"
#include "tracing/storage/memory_trace_storage.h"

namespace trace_server_harness {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using namespace tracing::server;

// The golden message file tests/fixtures/tracing/messages/<name>.
inline std::string Golden(const std::string& name) {
  std::ifstream in(std::string(PROJECT_SOURCE_DIR) + "/tests/fixtures/tracing/messages/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A blocking WebSocket client.
class Client {
 public:
  explicit Client(uint16_t port) : ws_(ioc_) {
    ws_.next_layer().connect({net::ip::make_address("127.0.0.1"), port});
    ws_.handshake("127.0.0.1", "/");
    ws_.read_message_max(0);
  }
  void Send(const std::string& text, bool binary = false) {
    ws_.binary(binary);
    ws_.write(net::buffer(text));
  }
  // The next message, or "" with *ec set when the connection ended.
  std::string Read(beast::error_code* ec = nullptr) {
    beast::flat_buffer b;
    beast::error_code e;
    ws_.read(b, e);
    if (ec) *ec = e;
    if (e) return "";
    return beast::buffers_to_string(b.data());
  }
  // Read() that gives up after `timeout` (a liveness bound): shuts the socket down and returns
  // "TIMEOUT".
  std::string ReadWithin(std::chrono::seconds timeout) {
    auto f = std::async(std::launch::async, [this] { return Read(); });
    if (f.wait_for(timeout) == std::future_status::ready) return f.get();
    beast::error_code ignored;
    ws_.next_layer().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    f.get();
    return "TIMEOUT";
  }
  websocket::close_reason reason() const { return ws_.reason(); }
  net::ip::tcp::socket& socket() { return ws_.next_layer(); }

 private:
  net::io_context ioc_;
  websocket::stream<net::ip::tcp::socket> ws_;
};

// A server on a free port with its own storage. With start_ingest = false the ingest writer
// only queues (nothing is persisted) until ingest.Start().
struct Harness {
  explicit Harness(
      TraceServerOptions o = {},
      std::unique_ptr<tracing::TraceStorage> s = std::make_unique<tracing::MemoryTraceStorage>(),
      bool start_ingest = true)
      : storage(std::move(s)),
        metrics(registry),
        hub(&metrics),
        ingest(*storage, IngestWriter::Options{}, &metrics),
        service(*storage, hub),
        server(o, *storage, ingest, hub, service, metrics, health) {
    if (start_ingest) ingest.Start();
    core::Status st = server.Start();
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  ~Harness() {
    server.StopAccepting();
    ingest.Drain();
    server.Stop();
  }
  std::unique_ptr<tracing::TraceStorage> storage;
  core::MetricRegistry registry;
  core::HealthChecks health;
  ServerMetrics metrics;
  SubscriptionHub hub;
  IngestWriter ingest;
  TraceService service;
  TraceServer server;
};

}  // namespace trace_server_harness
