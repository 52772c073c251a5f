#include "core/admin_server.h"

#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "core/prometheus_text.h"
#include "support/loopback_http.h"

namespace core {
namespace {

using testing_support::HttpReply;
using testing_support::HttpRequest;
using testing_support::LoopbackConnection;

class AdminServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(std::chrono::milliseconds(300), 8); }

  void StartServer(std::chrono::milliseconds header_timeout, size_t max_connections) {
    server_.reset();
    AdminServerOptions options;
    options.bind_address = "127.0.0.1:0";
    options.header_timeout = header_timeout;
    options.max_connections = max_connections;
    server_ = std::make_unique<AdminServer>(options, registry_, health_);
    Status st = server_->Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_NE(server_->port(), 0);
  }

  HttpReply Get(std::string_view target, std::string_view method = "GET") {
    auto reply = HttpRequest(server_->port(), method, target);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : HttpReply{};
  }

  LoopbackConnection Connect() {
    auto conn = LoopbackConnection::Connect(server_->port());
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    return std::move(conn).value();
  }

  MetricRegistry registry_;
  HealthChecks health_;
  std::unique_ptr<AdminServer> server_;
};

TEST_F(AdminServerTest, HealthWithoutChecksIsOk) {
  HttpReply r = Get("/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.body, R"({"status":"ok","checks":{}})");
}

TEST_F(AdminServerTest, HealthAndReadyReportEachCheck) {
  HealthCheckHandle mongo = health_.AddLiveness("change_stream", [] {
    return HealthCheckResult{true, "running"};
  });
  HealthCheckHandle redis = health_.AddReadiness("redis", [] {
    return HealthCheckResult{true, "PONG in 1 ms"};
  });
  bool s3_ok = false;
  HealthCheckHandle s3 = health_.AddReadiness("s3", [&] {
    return HealthCheckResult{s3_ok, s3_ok ? "" : "bucket \"lake\" unreachable"};
  });

  HttpReply live = Get("/health");
  EXPECT_EQ(live.status, 200);
  EXPECT_EQ(live.body,
            R"({"status":"ok","checks":{"change_stream":{"status":"ok","detail":"running"}}})");

  HttpReply ready = Get("/ready");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.Header("content-type"), "application/json");
  EXPECT_EQ(ready.body,
            R"({"status":"failing","checks":{"redis":{"status":"ok","detail":"PONG in 1 ms"},)"
            R"("s3":{"status":"failing","detail":"bucket \"lake\" unreachable"}}})");

  s3_ok = true;
  EXPECT_EQ(Get("/ready").status, 200);

  s3_ok = false;
  s3.Reset();  // removed by handle
  EXPECT_EQ(Get("/ready").body,
            R"({"status":"ok","checks":{"redis":{"status":"ok","detail":"PONG in 1 ms"}}})");
  EXPECT_TRUE(health_.Remove(HealthProbe::kReadiness, "redis"));  // removed by name
  EXPECT_FALSE(health_.Remove(HealthProbe::kReadiness, "redis"));
  EXPECT_EQ(Get("/ready").body, R"({"status":"ok","checks":{}})");
}

TEST_F(AdminServerTest, ThrowingCheckIsReportedFailing) {
  HealthCheckHandle h = health_.AddLiveness(
      "worker", []() -> HealthCheckResult { throw std::runtime_error("worker thread gone"); });
  HttpReply r = Get("/health");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(
      r.body,
      R"({"status":"failing","checks":{"worker":{"status":"failing","detail":"check threw: worker thread gone"}}})");
}

TEST_F(AdminServerTest, MetricsServesTheExposition) {
  registry_.Counter("test_requests_total", "Requests.", {"path"}).WithLabels({"/x"}).Inc(3);
  registry_.Gauge("test_up", "Up.").Get().Set(1);
  HttpReply r = Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.body,
            "# HELP test_requests_total Requests.\n"
            "# TYPE test_requests_total counter\n"
            "test_requests_total{path=\"/x\"} 3\n"
            "# HELP test_up Up.\n"
            "# TYPE test_up gauge\n"
            "test_up 1\n");
  EXPECT_EQ(Get("/metrics?name[]=x").body, r.body);  // query strings are ignored
}

TEST_F(AdminServerTest, HeadSendsHeadersOnly) {
  registry_.Gauge("test_up", "Up.").Get().Set(1);
  LoopbackConnection conn = Connect();
  ASSERT_TRUE(conn.Send("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto head = conn.ReadReply(/*head=*/true);
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), std::to_string(PrometheusText(registry_).size()));
  // Had a body been sent, it would precede this response on the wire.
  ASSERT_TRUE(conn.Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  auto next = conn.ReadReply();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, R"({"status":"ok","checks":{}})");
}

TEST_F(AdminServerTest, UnknownPathIs404) {
  HttpReply r = Get("/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.body, R"({"error":"not found","path":"/nope"})");
}

TEST_F(AdminServerTest, OtherMethodsAre405) {
  for (std::string_view method : {"POST", "DELETE", "PUT", "OPTIONS"}) {
    HttpReply r = Get("/health", method);
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.Header("allow"), "GET, HEAD");
    EXPECT_EQ(r.body, R"({"error":"method not allowed","method":")" + std::string(method) + "\"}");
  }
}

TEST_F(AdminServerTest, GarbageIs400AndCloses) {
  LoopbackConnection conn = Connect();
  ASSERT_TRUE(conn.Send("\x01\x02 garbage\r\n\r\n").ok());
  auto r = conn.ReadReply();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_EQ(r->body, R"({"error":"bad request: bad method"})");
  auto rest = conn.ReadUntilClosed();
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_EQ(*rest, "");

  LoopbackConnection bad_version = Connect();
  ASSERT_TRUE(bad_version.Send("GET /health HTTP/9\r\n\r\n").ok());
  auto r2 = bad_version.ReadReply();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->status, 400);
  EXPECT_EQ(r2->body, R"({"error":"bad request: bad version"})");
}

TEST_F(AdminServerTest, RequestBodiesAreRefused) {
  LoopbackConnection conn = Connect();
  ASSERT_TRUE(conn.Send("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").ok());
  auto r = conn.ReadReply();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, R"({"error":"request body not accepted"})");
  EXPECT_TRUE(conn.ReadUntilClosed().ok());
}

TEST_F(AdminServerTest, OversizedHeaderIs431) {
  LoopbackConnection conn = Connect();
  std::string request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a');
  request += "\r\n\r\n";
  ASSERT_TRUE(conn.Send(request).ok());
  auto r = conn.ReadReply();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(r->body, R"({"error":"request header fields too large"})");
}

TEST_F(AdminServerTest, KeepAliveServesSeveralRequests) {
  LoopbackConnection conn = Connect();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(conn.Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").ok());
    auto r = conn.ReadReply();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 200);
  }
}

TEST_F(AdminServerTest, SlowClientDoesNotBlockOthersAndTimesOut) {
  LoopbackConnection slow = Connect();
  ASSERT_TRUE(slow.Send("GET /hea").ok());  // half a request line, then silence
  for (int i = 0; i < 3; ++i) {
    HttpReply r = Get("/health");
    EXPECT_EQ(r.status, 200);
  }
  // The 300 ms header timeout closes the slow connection (the client's read timeout is 10 s).
  auto rest = slow.ReadUntilClosed();
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_EQ(*rest, "");
}

TEST_F(AdminServerTest, IdleKeepAliveConnectionIsClosedAfterTheHeaderTimeout) {
  LoopbackConnection conn = Connect();
  ASSERT_TRUE(conn.Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  ASSERT_TRUE(conn.ReadReply().ok());
  auto rest = conn.ReadUntilClosed();
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_EQ(*rest, "");
}

TEST_F(AdminServerTest, ConnectionsBeyondTheCapGet503) {
  StartServer(std::chrono::seconds(30), 1);
  LoopbackConnection first = Connect();
  ASSERT_TRUE(first.Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  ASSERT_TRUE(first.ReadReply().ok());  // served, and kept alive: the one slot is taken

  HttpReply rejected = Get("/health");
  EXPECT_EQ(rejected.status, 503);
  EXPECT_EQ(rejected.Header("connection"), "close");
  EXPECT_EQ(rejected.body, R"({"error":"too many connections"})");

  {
    LoopbackConnection closing = std::move(first);
  }  // closes the first connection: the slot frees up once the server notices
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = HttpRequest(server_->port(), "GET", "/health");
    status = r.ok() ? r->status : 0;
    if (status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 200);
}

TEST_F(AdminServerTest, BindFailureNamesTheAddressAndTheError) {
  AdminServerOptions options;
  options.bind_address = "127.0.0.1:" + std::to_string(server_->port());
  AdminServer second(options, registry_, health_);
  Status st = second.Start();
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(st.message(), "admin server: cannot listen on 127.0.0.1:" +
                              std::to_string(server_->port()) + ": Address already in use");
  EXPECT_EQ(second.port(), 0);
}

TEST_F(AdminServerTest, InvalidBindAddress) {
  for (std::string_view address : {"localhost", "127.0.0.1:http", "127.0.0.1:70000", ":80"}) {
    AdminServerOptions options;
    options.bind_address = std::string(address);
    AdminServer server(options, registry_, health_);
    Status st = server.Start();
    EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument) << address;
    EXPECT_TRUE(st.message().starts_with("admin server: invalid bind address \"" +
                                         std::string(address) + "\": expected "))
        << st.message();
  }
}

TEST_F(AdminServerTest, AddedRoutesServeJson) {
  server_->AddRoute("/debug/batches", [](const AdminRequest& req) {
    return AdminResponse{200, "application/json", "{\"query\":\"" + std::string(req.query) + "\"}"};
  });
  HttpReply r = Get("/debug/batches?limit=5");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"query":"limit=5"})");

  server_->AddRoute("/boom",
                    [](const AdminRequest&) -> AdminResponse { throw std::runtime_error("bug"); });
  HttpReply boom = Get("/boom");
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.body, R"({"error":"internal error","path":"/boom"})");
}

TEST_F(AdminServerTest, StopClosesEverythingAndIsIdempotent) {
  LoopbackConnection slow = Connect();
  ASSERT_TRUE(slow.Send("GET /he").ok());
  uint16_t port = server_->port();
  server_->Stop();
  server_->Stop();
  auto rest = slow.ReadUntilClosed();
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  auto refused = LoopbackConnection::Connect(port);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

}  // namespace
}  // namespace core
