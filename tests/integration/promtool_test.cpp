// Our /metrics exposition, scraped over HTTP from a running admin server, must pass Prometheus'
// own checker (`promtool check metrics`), and the check must be able to fail.
#include <cstdlib>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "core/admin_server.h"
#include "core/prometheus_text.h"
#include "support/loopback_http.h"
#include "support/promtool.h"

namespace {

using core::AdminServer;
using core::AdminServerOptions;
using testing_support::PromtoolCheckMetrics;

TEST(PromtoolTest, ScrapedExpositionOfEveryMetricKindPasses) {
  core::MetricRegistry registry;
  core::HealthChecks health;

  auto& events = registry.Counter("rigatoni_events_processed_total",
                                  "Change events processed.\nPer collection \\ operation.",
                                  {"collection", "operation"});
  events.WithLabels({"users", "insert"}).Inc(41);
  events.WithLabels({"quote\"back\\slash\nnewline", "update"}).Inc(0.5);
  events.WithLabels({"", "delete"}).Inc();  // empty label value
  events.WithLabels({"utf8 é ✓", "replace"}).Inc();
  registry.Counter("rigatoni_restarts_total", "Restarts.").Get();

  auto& lag = registry.Gauge("rigatoni_lag_seconds", "Replication lag.", {"stream"});
  lag.WithLabels({"db.users"}).Set(1.25);
  lag.WithLabels({"db.\"orders\""}).Set(-3);
  lag.WithLabels({"nan"}).Set(std::numeric_limits<double>::quiet_NaN());
  lag.WithLabels({"inf"}).Set(std::numeric_limits<double>::infinity());
  lag.WithLabels({"neg_inf"}).Set(-std::numeric_limits<double>::infinity());

  core::CallbackGaugeBinding depth =
      registry.CallbackGauge("rigatoni_channel_buffer_events", "Buffered events.", {"queue"})
          .Bind({"main\\queue"}, [] { return 12.0; });

  auto& durations = registry.Histogram("rigatoni_batch_upload_duration_seconds",
                                       "Upload time per batch.", {"sink", "format"});
  auto& s3 = durations.WithLabels({"s3", "parquet"});
  for (double v : {0.001, 0.005, 0.3, 7.0, 100.0})
    s3.Observe(v);
  durations.WithLabels({"local\n\"dir\"", "jsonl"}).Observe(0.02);
  auto& sizes = registry.Histogram("rigatoni_batch_size_bytes", "Batch sizes.", {},
                                   core::ExponentialBuckets(1024, 4, 6));
  sizes.Get().Observe(5000);

  AdminServerOptions options;
  options.bind_address = "127.0.0.1:0";
  AdminServer server(options, registry, health);
  core::Status st = server.Start();
  ASSERT_TRUE(st.ok()) << st.ToString();

  auto reply = testing_support::HttpRequest(server.port(), "GET", "/metrics");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  ASSERT_EQ(reply->status, 200);
  EXPECT_EQ(reply->Header("content-type"), core::kPrometheusTextContentType);
  // Sanity: the awkward label values made it into the scrape, escaped.
  EXPECT_NE(reply->body.find(R"(collection="quote\"back\\slash\nnewline")"), std::string::npos);

  auto checked = PromtoolCheckMetrics(reply->body);
  EXPECT_TRUE(checked.ok()) << checked.status().ToString() << "\nexposition:\n" << reply->body;
}

TEST(PromtoolTest, MalformedExpositionIsRejected) {
  auto syntax = PromtoolCheckMetrics("# TYPE x_total counter\nx_total{label=\"unterminated} 1\n");
  ASSERT_FALSE(syntax.ok());
  EXPECT_TRUE(syntax.status().message().starts_with("promtool check metrics failed (exit 1): "))
      << syntax.status().message();
  EXPECT_NE(syntax.status().message().find("text format parsing error"), std::string::npos)
      << syntax.status().message();

  auto lint = PromtoolCheckMetrics("# HELP jobs Jobs.\n# TYPE jobs counter\njobs 1\n");
  ASSERT_FALSE(lint.ok());
  EXPECT_NE(lint.status().message().find(R"(jobs counter metrics should have "_total" suffix)"),
            std::string::npos)
      << lint.status().message();
}

TEST(PromtoolTest, MissingPromtoolIsAnErrorNotASkip) {
  const char* old_path = std::getenv("PATH");
  std::string saved = old_path ? old_path : "";
  ::setenv("PATH", "/nonexistent-dir", 1);
  auto result = PromtoolCheckMetrics("");
  ::setenv("PATH", saved.c_str(), 1);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "promtool not found: run scripts/setup.sh (Debian package prometheus)");
}

}  // namespace
