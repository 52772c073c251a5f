// reflow-tracing: the Reflow trace server, plus two client subcommands:
//   reflow-tracing [options]            run the server (see --help and docs/reflow-tracing.md)
//   reflow-tracing tail [...]           print live events, one line each
//   reflow-tracing query [...]          print a trace and its events, or a flow's traces
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>

#include "core/admin_server.h"
#include "core/health_checks.h"
#include "core/log.h"
#include "core/metric_registry.h"
#include "core/shutdown.h"
#include "core/startup.h"
#include "core/uri_mask.h"
#include "reflow-tracing/client_commands.h"
#include "reflow-tracing/options.h"
#include "tracing/server/ingest_writer.h"
#include "tracing/server/retention_sweeper.h"
#include "tracing/server/server_metrics.h"
#include "tracing/server/storage_url.h"
#include "tracing/server/subscription_hub.h"
#include "tracing/server/trace_server.h"
#include "tracing/server/trace_service.h"

namespace {

using namespace tracing::server;

int RunServer(const core::Config& config) {
  core::Logger log("main");
  core::ShutdownController shutdown(std::chrono::seconds(30));
  if (core::Status st = shutdown.Install(); !st.ok()) {
    LOG_ERROR(log, "{}", st.message());
    return 1;
  }
  const std::string url = config.GetString("database.url");
  core::Result<StorageLocation> location = ParseStorageUrl(url);
  if (!location.ok()) {
    std::fprintf(stderr, "reflow-tracing: %s\n", location.status().message().c_str());
    return core::kConfigErrorExitCode;
  }
  core::Result<std::unique_ptr<tracing::TraceStorage>> opened = OpenTraceStorage(url);
  if (!opened.ok()) {
    std::fprintf(stderr, "reflow-tracing: %s\n", opened.status().message().c_str());
    return core::kConfigErrorExitCode;
  }
  std::unique_ptr<tracing::TraceStorage> storage = std::move(*opened);

  core::MetricRegistry registry;
  core::HealthChecks health;
  ServerMetrics metrics(registry);
  SubscriptionHub hub(&metrics);
  IngestWriter::Options ingest_options;
  ingest_options.batch_size = static_cast<size_t>(config.GetInt("tracing.batch_size"));
  IngestWriter ingest(*storage, ingest_options, &metrics);
  const auto started = std::chrono::steady_clock::now();
  TraceService service(*storage, hub, [&] {
    ServiceStats s;
    s.events_total = static_cast<uint64_t>(metrics.events_ingested.Value());
    s.active_subscriptions = hub.subscriber_count();
    s.connections = static_cast<uint64_t>(metrics.connections.Value());
    s.uptime_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return s;
  });

  TraceServerOptions options;
  options.bind_address = config.GetString("server.bind_address");
  options.max_connections = static_cast<size_t>(config.GetInt("server.max_connections"));
  int threads = static_cast<int>(config.GetInt("server.worker_threads"));
  if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.worker_threads = threads;
  options.idle_timeout = config.GetDuration("server.keep_alive_timeout");
  options.frame_timeout = std::min(options.idle_timeout, std::chrono::milliseconds(10'000));
  options.max_message_bytes = static_cast<size_t>(config.GetInt("tracing.max_event_size"));
  options.permessage_deflate = config.GetBool("tracing.compression");
  options.ack_mode =
      config.GetString("tracing.ack_mode") == "received" ? AckMode::kReceived : AckMode::kPersisted;
  options.subscriber_queue = static_cast<size_t>(config.GetInt("tracing.subscriber_queue_size"));
  options.slow_subscriber = config.GetString("tracing.slow_subscriber") == "disconnect"
                                ? SlowSubscriberPolicy::kDisconnect
                                : SlowSubscriberPolicy::kDrop;
  if (location->kind == StorageLocation::Kind::kSqlite) {
    std::filesystem::path dir = std::filesystem::path(location->path).parent_path();
    options.disk_path = dir.empty() ? "." : dir.string();
  }

  ingest.Start();
  TraceServer server(options, *storage, ingest, hub, service, metrics, health);
  if (core::Status st = server.Start(); !st.ok()) {
    LOG_ERROR(log, "{}", st.message());
    return 1;
  }
  std::unique_ptr<core::AdminServer> admin;
  if (config.GetBool("metrics.enabled")) {
    core::AdminServerOptions admin_options;
    admin_options.bind_address = config.GetString("metrics.bind_address");
    admin = std::make_unique<core::AdminServer>(admin_options, registry, health);
    if (core::Status st = admin->Start(); !st.ok()) {
      LOG_ERROR(log, "{}", st.message());
      return 1;
    }
  }
  std::unique_ptr<RetentionSweeper> retention;
  if (const int64_t days = config.GetInt("tracing.retention_days"); days > 0) {
    retention = std::make_unique<RetentionSweeper>(*storage, std::chrono::hours(24 * days),
                                                   std::chrono::minutes(10));
    retention->Start();
  }
  LOG_INFO(log,
           {{"storage", core::MaskSecretsInUri(storage->Describe())},
            {"port", static_cast<int64_t>(server.port())},
            {"metrics_port", static_cast<int64_t>(admin ? admin->port() : 0)}},
           "reflow-tracing {} listening on {}", PROJECT_VERSION, options.bind_address);

  shutdown.WaitForShutdown();
  LOG_INFO(log, "shutting down ({}): draining the ingest queue", shutdown.reason());
  server.StopAccepting();
  ingest.Drain();  // commits and acknowledges everything accepted
  server.Stop(std::chrono::seconds(5));
  if (retention) retention->Stop();
  if (admin) admin->Stop();
  LOG_INFO(log, "stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv, char** envp) {
  if (argc >= 2 && (std::strcmp(argv[1], "tail") == 0 || std::strcmp(argv[1], "query") == 0)) {
    return reflow_tracing::RunClientCommand(argc - 1, argv + 1);
  }
  const core::ConfigSchema schema = reflow_tracing::BuildOptionSchema();
  const core::ProgramInfo program{"reflow-tracing", PROJECT_VERSION,
                                  "trace server for Reflow dataflow and actor engines"};
  core::Startup startup = core::StartProgram(program, schema, argc, argv,
                                             core::EnvironmentFromEnvp(envp), stdout, stderr);
  if (!startup.config) return startup.exit_code;
  const core::Config& config = *startup.config;

  core::Status logging = core::InitLogging(core::LogOptionsFromConfig(config, program.name));
  if (!logging.ok()) {
    std::fprintf(stderr, "reflow-tracing: %s\n", logging.message().c_str());
    return core::kConfigErrorExitCode;
  }
  return RunServer(config);
}
