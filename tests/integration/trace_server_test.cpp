// End-to-end tests of the trace server with real WebSocket clients (a small Beast client):
// golden replies, bad inputs, limits, subscriptions, metrics, and durability after kill -9.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "core/asio.h"
#include "core/health_checks.h"
#include "core/metric_registry.h"
#include "core/prometheus_text.h"
#include "support/child_process.h"
#include "support/free_port.h"
#include "support/promtool.h"
#include "support/temp_dir.h"
#include "tracing/server/ingest_writer.h"
#include "tracing/server/server_metrics.h"
#include "tracing/server/subscription_hub.h"
#include "tracing/server/trace_server.h"
#include "tracing/server/trace_service.h"
#include "tracing/storage/memory_trace_storage.h"
#include "tracing/storage/sqlite_trace_storage.h"

#include "trace_server_harness.h"

namespace {

using namespace trace_server_harness;

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using namespace tracing::server;

// An HTTP GET (or an upgrade attempt) against the server's port; returns status and body.
std::pair<unsigned, std::string> HttpGet(uint16_t port, const std::string& target,
                                         bool upgrade = false) {
  net::io_context ioc;
  beast::tcp_stream s(ioc);
  s.connect({net::ip::make_address("127.0.0.1"), port});
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, "127.0.0.1");
  if (upgrade) {
    req.set(http::field::upgrade, "websocket");
    req.set(http::field::connection, "Upgrade");
    req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    req.set(http::field::sec_websocket_version, "13");
  }
  http::write(s, req);
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res);
  return {res.result_int(), res.body()};
}

std::string RecordEventJson(int i, const std::string& actor = "proc_42") {
  char id[64];
  std::snprintf(id, sizeof id, "67e55044-10b1-426f-9247-%012x", 0x100000 + i);
  return std::string(
             R"({"RecordEvent":{"trace_id":"67e55044-10b1-426f-9247-bb6800000001","event":{"event_id":")") +
         id + R"(","timestamp":"2025-09-17T21:06:43Z","event_type":"ActorCreated","actor_id":")" +
         actor +
         R"(","data":{"port":null,"message":null,"state_diff":null,"error":null,"performance_metrics":{"execution_time_ns":0,"memory_usage_bytes":0,"cpu_usage_percent":0.0,"queue_depth":0,"throughput_msgs_per_sec":0.0},"custom_attributes":{}},"causality":{"parent_event_id":null,"root_cause_event_id":"67e55044-10b1-426f-9247-bb6800000100","dependency_chain":[],"span_id":"s"}}}})";
}

TEST(TraceServer, AnswersGoldenRequestsByteForByte) {
  Harness h;
  Client c(h.server.port());
  c.Send(Golden("request_ping.json"));
  EXPECT_EQ(c.Read(), Golden("response_pong.json"));
  c.Send(Golden("request_start_trace_with_ids.json"));
  EXPECT_EQ(c.Read(), Golden("response_trace_started_request_id.json"));
  c.Send(Golden("request_record_event_actor_created.json"));
  EXPECT_EQ(c.Read(), Golden("response_event_recorded.json"));
  c.Send(Golden("request_record_events.json"));
  EXPECT_EQ(c.Read(), Golden("response_events_recorded.json"));
  c.Send(Golden("request_end_trace_completed.json"));
  EXPECT_EQ(c.Read(), Golden("response_trace_ended.json"));
  c.Send(Golden("request_get_trace.json"));
  const std::string trace = c.Read();
  EXPECT_TRUE(trace.starts_with(
      R"({"TraceData":{"trace":{"trace_id":"67e55044-10b1-426f-9247-bb6800000001","flow_id":"f")"))
      << trace;
  EXPECT_NE(trace.find(R"("status":"Completed")"), std::string::npos) << trace;
  EXPECT_NE(trace.find("67e55044-10b1-426f-9247-bb6800001003"), std::string::npos);
}

TEST(TraceServer, InvalidMessagesGetInvalidRequestAndTheConnectionStaysUsable) {
  Harness h;
  Client c(h.server.port());
  c.Send("{not json");
  EXPECT_EQ(
      c.Read(),
      R"({"Error":{"message":"malformed JSON: The JSON document has an improper structure: missing or superfluous commas, braces, missing keys, etc.","code":"InvalidRequest"}})");
  c.Send(R"({"Pong2":{}})");
  EXPECT_NE(c.Read().find(R"(unknown request variant \"Pong2\")"), std::string::npos);
  c.Send(R"({"GetTrace":{"trace_id":42}})");
  const std::string wrong = c.Read();
  EXPECT_NE(wrong.find("GetTrace.trace_id"), std::string::npos) << wrong;
  c.Send(Golden("request_ping.json"));
  EXPECT_EQ(c.Read(), Golden("response_pong.json"));
}

TEST(TraceServer, OversizedMessageGetsAnErrorAndClose1009) {
  TraceServerOptions o;
  o.max_message_bytes = 4096;
  Harness h(o);
  Client c(h.server.port());
  c.Send(std::string(10'000, ' ') + "\"Ping\"");
  EXPECT_EQ(
      c.Read(),
      R"x({"Error":{"message":"message of more than 4096 bytes exceeds tracing.max_event_size (4096 bytes)","code":"InvalidRequest"}})x");
  beast::error_code ec;
  c.Read(&ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(c.reason().code, websocket::close_code::too_big);
}

TEST(TraceServer, ExtraUpgradesBeyondMaxConnectionsGet503) {
  TraceServerOptions o;
  o.max_connections = 2;
  Harness h(o);
  Client a(h.server.port()), b(h.server.port());
  auto [status, body] = HttpGet(h.server.port(), "/", true);
  EXPECT_EQ(status, 503u);
  EXPECT_NE(body.find("too many connections (server.max_connections = 2)"), std::string::npos);
  a.Send(Golden("request_ping.json"));
  EXPECT_EQ(a.Read(), Golden("response_pong.json"));
}

TEST(TraceServer, SlowSenderThatNeverFinishesAFrameIsDisconnected) {
  TraceServerOptions o;
  o.frame_timeout = std::chrono::milliseconds(300);
  Harness h(o);
  Client c(h.server.port());
  // A masked text frame header announcing 100 bytes, then only 10 of them.
  const unsigned char header[] = {0x81, 0x80 | 100, 1, 2, 3, 4};
  net::write(c.socket(), net::buffer(header, sizeof header));
  net::write(c.socket(), net::buffer(std::string(10, 'x')));
  char byte;
  beast::error_code ec;
  c.socket().read_some(net::buffer(&byte, 1), ec);  // returns when the server closes
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
}

TEST(TraceServer, HealthReadyAndQueryApi) {
  Harness h;
  Client c(h.server.port());
  c.Send(Golden("request_start_trace_with_ids.json"));
  c.Read();
  c.Send(RecordEventJson(1, "alpha"));
  EXPECT_EQ(c.Read(), Golden("response_event_recorded.json"));
  EXPECT_EQ(HttpGet(h.server.port(), "/health").first, 200u);
  EXPECT_EQ(HttpGet(h.server.port(), "/ready").first, 200u);
  auto [s1, trace] = HttpGet(h.server.port(), "/api/traces/67e55044-10b1-426f-9247-bb6800000001");
  EXPECT_EQ(s1, 200u);
  EXPECT_NE(trace.find(R"("actor_id":"alpha")"), std::string::npos) << trace;
  auto [s2, list] = HttpGet(h.server.port(), "/api/traces?flow_id=f&status=Running&limit=10");
  EXPECT_EQ(s2, 200u);
  EXPECT_NE(list.find(R"("total_count":1)"), std::string::npos) << list;
  auto [s3, events] =
      HttpGet(h.server.port(), "/api/events?actor_id=alpha&event_types=ActorCreated");
  EXPECT_EQ(s3, 200u);
  EXPECT_NE(events.find(R"("next_cursor":null)"), std::string::npos) << events;
  auto [s4, bad] = HttpGet(h.server.port(), "/api/traces?status=Bogus");
  EXPECT_EQ(s4, 400u);
  EXPECT_NE(bad.find("status=\\\"Bogus\\\" is not one of"), std::string::npos) << bad;
  EXPECT_EQ(HttpGet(h.server.port(), "/api/traces/67e55044-10b1-426f-9247-bb6800000009").first,
            404u);
}

TEST(TraceServer, SubscribersGetMatchingEventsOnly) {
  Harness h;
  Client sub(h.server.port()), producer(h.server.port());
  sub.Send(
      R"({"Subscribe":{"filters":{"flow_ids":["f"],"actor_ids":["beta"],"event_types":null,"status_filter":null}}})");
  sub.Send(Golden("request_ping.json"));  // Subscribe has no reply; Pong proves it was handled
  EXPECT_EQ(sub.Read(), Golden("response_pong.json"));
  producer.Send(Golden("request_start_trace_with_ids.json"));
  producer.Read();
  producer.Send(RecordEventJson(1, "alpha"));
  producer.Send(RecordEventJson(2, "beta"));
  producer.Read();
  producer.Read();
  const std::string n = sub.Read();
  EXPECT_TRUE(n.starts_with(
      R"({"EventNotification":{"trace_id":"67e55044-10b1-426f-9247-bb6800000001","event":{"event_id":"67e55044-10b1-426f-9247-000000100002")"))
      << n;
}

TEST(TraceServer, StalledSubscriberDropsNotificationsWithoutSlowingIngest) {
  TraceServerOptions o;
  o.subscriber_queue = 16;
  Harness h(o);
  Client stalled(h.server.port()), producer(h.server.port());
  stalled.Send(
      R"({"Subscribe":{"filters":{"flow_ids":null,"actor_ids":null,"event_types":null,"status_filter":null}}})");
  stalled.socket().set_option(net::socket_base::receive_buffer_size(4096));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  constexpr int kEvents = 20'000;
  std::thread reader([&] {
    for (int i = 0; i < kEvents; ++i)
      ASSERT_EQ(producer.Read(), Golden("response_event_recorded.json"));
  });
  for (int i = 0; i < kEvents; ++i)
    producer.Send(RecordEventJson(i));
  reader.join();  // every event acknowledged although the subscriber never reads
  EXPECT_GT(h.metrics.notifications_dropped.Value(), 0);
  EXPECT_EQ(h.metrics.events_ingested.Value(), kEvents);
}

TEST(TraceServer, ManyConcurrentConnections) {
  Harness h;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 1000; ++i)
    clients.push_back(std::make_unique<Client>(h.server.port()));
  for (auto& c : clients)
    c->Send(Golden("request_ping.json"));
  for (auto& c : clients)
    ASSERT_EQ(c->Read(), Golden("response_pong.json"));
  EXPECT_EQ(h.server.connections(), 1000u);
}

TEST(TraceServer, MetricsPassPromtool) {
  Harness h;
  Client c(h.server.port());
  c.Send(Golden("request_ping.json"));
  c.Read();
  const std::string text = core::PrometheusText(h.registry);
  auto checked = testing_support::PromtoolCheckMetrics(text);
  EXPECT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_NE(text.find(R"(tracing_requests_total{type="Ping",status="ok"} 1)"), std::string::npos);
}

TEST(TraceServerProcess, EveryAcknowledgedEventSurvivesKill9) {
  testing_support::TempDir dir;
  const std::string db = (dir.path() / "t.db").string();
  const int port = testing_support::FreePort();
  testing_support::ChildOptions o;
  o.argv = {std::string(PROJECT_BINARY_DIR) + "/apps/reflow-tracing/reflow-tracing",
            "--bind-address", "127.0.0.1:" + std::to_string(port), "--database-url",
            "sqlite://" + db};
  o.env = {{"TRACING_METRICS_ENABLED", "false"}};
  o.log_path = (dir.path() / "server.log").string();
  auto child = testing_support::ChildProcess::Start(o);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  std::unique_ptr<Client> c;
  for (int i = 0; i < 100 && !c; ++i) {
    try {
      c = std::make_unique<Client>(static_cast<uint16_t>(port));
    } catch (...) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ASSERT_TRUE(c) << (*child)->LogTail();
  std::atomic<int> acked{0};
  std::thread reader([&] {
    for (;;) {
      beast::error_code ec;
      std::string r = c->Read(&ec);
      if (ec) return;
      if (r == Golden("response_event_recorded.json")) acked.fetch_add(1);
    }
  });
  std::thread writer([&] {
    try {
      for (int i = 0; i < 200'000; ++i)
        c->Send(RecordEventJson(i));
    } catch (...) {
    }
  });
  while (acked.load() < 2000)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  (*child)->Kill();
  writer.join();
  reader.join();
  const int n = acked.load();
  auto storage = tracing::SqliteTraceStorage::Open(db);
  ASSERT_TRUE(storage.ok()) << storage.status().ToString();
  auto trace = (*storage)->GetTrace("67e55044-10b1-426f-9247-bb6800000001");
  ASSERT_TRUE(trace.ok() && *trace);
  // Acks are written in order, so the first n events are the acknowledged ones.
  EXPECT_GE((*trace)->events.size(), static_cast<size_t>(n));
  std::set<std::string> ids;
  for (const auto& e : (*trace)->events)
    ids.insert(e.event_id);
  for (int i = 0; i < n; ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "67e55044-10b1-426f-9247-%012x", 0x100000 + i);
    ASSERT_TRUE(ids.count(id)) << "acknowledged event " << i << " of " << n << " lost";
  }
}

}  // namespace
