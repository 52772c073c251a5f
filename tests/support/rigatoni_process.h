// The built rigatoni binary as a child process for end-to-end tests, plus what those tests need to
// look at its data lake.
//
// Contract: RigatoniProcess::Start adds ADMIN_BIND_ADDRESS=127.0.0.1:<a free port> and
// LOG_FORMAT=json to the given environment (the caller's values win when it sets them) and appends
// stdout and stderr to `log_path`. Like ChildProcess, a RigatoniProcess is used by one thread at a
// time and should be started from the test's main thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "support/child_process.h"
#include "support/loopback_http.h"

namespace testing_support {

using EnvList = std::vector<std::pair<std::string, std::string>>;

class RigatoniProcess {
 public:
  // PROJECT_BINARY_DIR/apps/rigatoni/rigatoni.
  static std::string BinaryPath();

  static core::Result<std::unique_ptr<RigatoniProcess>> Start(EnvList env,
                                                              const std::string& log_path);

  uint16_t admin_port() const { return admin_port_; }
  ChildProcess& process() { return *child_; }

  // Polls GET /ready until it answers 200. Fails with the log tail when the process exits first
  // or `timeout` passes.
  core::Status WaitReady(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // One GET on the admin server.
  core::Result<HttpReply> Get(std::string_view target);
  // The sum of every sample of metric `name` (all label sets) whose label text contains
  // `label_filter` (e.g. "stream=\"db.c\""); 0 when there is none.
  core::Result<double> MetricValue(std::string_view name, std::string_view label_filter = "");
  // Polls MetricValue(name) until it is at least `at_least`.
  core::Status WaitForMetric(std::string_view name, double at_least,
                             std::chrono::milliseconds timeout);
  // Sends one SIGTERM (a graceful drain) and waits up to `timeout` for the exit; SIGKILLs it
  // after that. ChildProcess::Stop signals the group and the pid, which rigatoni may count as a
  // second signal (immediate exit 143).
  ExitStatus Terminate(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Waits for the process to exit; DeadlineExceeded (with the log tail) if it does not.
  core::Result<ExitStatus> WaitExit(std::chrono::milliseconds timeout);

  // The whole log, and its last lines.
  std::string Log() const;
  std::string LogTail(size_t lines = 40) const { return child_->LogTail(lines); }

 private:
  RigatoniProcess(std::unique_ptr<ChildProcess> child, uint16_t port)
      : child_(std::move(child)), admin_port_(port) {}

  std::unique_ptr<ChildProcess> child_;
  uint16_t admin_port_ = 0;
};

// Sums the samples of `name` in a Prometheus text exposition (see MetricValue).
double SumMetric(std::string_view exposition, std::string_view name,
                 std::string_view label_filter = "");

// The lake's data objects as paths relative to `lake`, sorted: regular files, leaving out temp
// files of writes in progress (".tmp-" in the name) and dead letters (under "_dead_letters/").
std::vector<std::string> LakeObjects(const std::filesystem::path& lake);

// Lines in the lake's uncompressed JSON Lines objects (".jsonl"): one per event.
uint64_t CountJsonLinesEvents(const std::filesystem::path& lake);

// Waits until CountJsonLinesEvents(lake) >= n. Fails early when `rigatoni` (if given) exits.
core::Status WaitForLakeEvents(const std::filesystem::path& lake, uint64_t n,
                               std::chrono::milliseconds timeout,
                               RigatoniProcess* rigatoni = nullptr);

// The whole content of a file ("" when it cannot be read).
std::string ReadWholeFile(const std::filesystem::path& path);

}  // namespace testing_support
