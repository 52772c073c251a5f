// Running a command-line tool (psql, redis-cli, node scripts) to completion and capturing its
// output. Thread-safe (no shared state).
#pragma once

#include <chrono>
#include <string>

#include "core/status.h"
#include "support/child_process.h"

namespace testing_support {

struct CommandResult {
  ExitStatus status;
  std::string out;  // stdout
  std::string err;  // stderr
  bool success() const { return status.success(); }
  // "exit code 1: <stderr, trimmed>" for failure messages.
  std::string Describe() const;
};

// Runs `options.argv` (log_path/stderr_path/stdin_path are replaced by private temp files) with
// `stdin_data` on its stdin. Returns the result whatever the exit code; an error only when the
// command cannot be started, or runs longer than `timeout` (it is killed then).
core::Result<CommandResult> RunCommand(ChildOptions options,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(60),
                                       const std::string& stdin_data = "");

}  // namespace testing_support
