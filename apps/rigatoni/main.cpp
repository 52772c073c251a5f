// rigatoni: follows MongoDB change streams and lands every change in a data lake.
//
// Exit codes: 0 after a clean drain (SIGTERM/SIGINT), 1 when the pipeline fails (fatal
// change-stream error, a batch that cannot be written), 2 on a configuration error, 124 when the
// drain deadline passes, 128+N on a second signal.
#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "core/admin_server.h"
#include "core/health_checks.h"
#include "core/log.h"
#include "core/metric_registry.h"
#include "core/shutdown.h"
#include "core/startup.h"
#include "core/uri_mask.h"
#include "rigatoni/options.h"
#include "rigatoni/pipeline_setup.h"

namespace {

// On a terminal, one line every few seconds: events/s, lag, bytes written.
void RunProgressLine(const cdc::Pipeline& pipeline, const std::atomic<bool>& done) {
  auto last = pipeline.Progress();
  auto last_time = std::chrono::steady_clock::now();
  while (!done.load()) {
    for (int i = 0; i < 50 && !done.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const auto now = std::chrono::steady_clock::now();
    const auto p = pipeline.Progress();
    const double secs = std::chrono::duration<double>(now - last_time).count();
    std::fprintf(stderr,
                 "rigatoni: %.0f events/s read, %.0f events/s written, lag %.1f s, %.1f MB "
                 "written, %zu batch(es) queued\n",
                 static_cast<double>(p.events_read - last.events_read) / secs,
                 static_cast<double>(p.events_written - last.events_written) / secs,
                 p.max_lag_seconds, static_cast<double>(p.bytes_written) / 1e6, p.queued_batches);
    last = p;
    last_time = now;
  }
}

}  // namespace

int main(int argc, char** argv, char** envp) {
  // libmongoc allocates a buffer per server reply (up to 16 MiB for change-stream batches). With
  // glibc's defaults each comes from a fresh mmap() whose pages the kernel zeroes, which cost more
  // CPU than parsing the events; keep freed memory in the heap instead. Before any thread starts.
  mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  const core::ConfigSchema schema = rigatoni::BuildOptionSchema();
  const core::ProgramInfo program{"rigatoni", PROJECT_VERSION,
                                  "MongoDB change streams to S3 or a local data lake"};
  core::Startup startup = core::StartProgram(program, schema, argc, argv,
                                             core::EnvironmentFromEnvp(envp), stdout, stderr);
  if (!startup.config) return startup.exit_code;
  const core::Config& config = *startup.config;

  // Before any thread starts, so every thread inherits the blocked signals.
  core::ShutdownController shutdown(config.GetDuration("pipeline.shutdown_timeout_ms"));
  if (core::Status st = shutdown.Install(); !st.ok()) {
    std::fprintf(stderr, "rigatoni: %s\n", st.message().c_str());
    return 1;
  }
  if (core::Status st = core::InitLogging(core::LogOptionsFromConfig(config, program.name));
      !st.ok()) {
    std::fprintf(stderr, "rigatoni: %s\n", st.message().c_str());
    return core::kConfigErrorExitCode;
  }
  core::Logger log("main");

  auto parts = rigatoni::BuildPipelineParts(config);
  if (!parts.ok()) {
    std::fprintf(stderr, "rigatoni: %s\n", parts.status().message().c_str());
    return core::kConfigErrorExitCode;
  }

  core::MetricRegistry registry;
  core::HealthChecks health;
  core::AdminServer admin({.bind_address = config.GetString("admin.bind_address")}, registry,
                          health);
  if (core::Status st = admin.Start(); !st.ok()) {
    std::fprintf(stderr, "rigatoni: %s\n", st.message().c_str());
    return 1;
  }

  auto pipeline = cdc::Pipeline::Create(std::move(parts->options), std::move(parts->sink),
                                        std::move(parts->store), registry, health);
  if (!pipeline.ok()) {
    std::fprintf(stderr, "rigatoni: %s\n", pipeline.status().message().c_str());
    return core::kConfigErrorExitCode;
  }
  LOG_INFO(log,
           {{"mongodb_uri", core::MaskSecretsInUri(config.GetString("mongodb.uri"))},
            {"admin", config.GetString("admin.bind_address")}},
           "rigatoni {} starting", PROJECT_VERSION);
  if (core::Status st = (*pipeline)->Start(); !st.ok()) {
    LOG_ERROR(log, "cannot start: {}", st.ToString());
    return 1;
  }
  shutdown.OnShutdown([&] {
    LOG_INFO(log, "{}: draining (deadline {} ms)", shutdown.reason(),
             config.GetDuration("pipeline.shutdown_timeout_ms").count());
    (*pipeline)->RequestStop();
  });

  std::atomic<bool> done{false};
  std::thread progress;
  if (::isatty(STDERR_FILENO)) {
    progress = std::thread([&] { RunProgressLine(**pipeline, done); });
  }
  core::Status result = (*pipeline)->Wait();
  done.store(true);
  if (progress.joinable()) progress.join();
  const auto p = (*pipeline)->Progress();
  if (!result.ok()) {
    LOG_ERROR(log, "rigatoni stopped on error after {} events: {}", p.events_written,
              result.ToString());
    core::FlushLogs();
    return 1;
  }
  LOG_INFO(log, "rigatoni stopped cleanly: {} events in {} batches written", p.events_written,
           p.batches_written);
  return 0;
}
