// Logging: per-component loggers over spdlog, as JSON lines or human text.
//
//   core::Logger log("pipeline");          // cheap to copy; make one per component
//   LOG_INFO(log, "wrote {} events to {}", n, key);
//   LOG_WARN(log, {{"bucket", bucket}, {"attempt", 3}}, "upload failed: {}", reason);
//
// The LOG_* macros test the component's level first: a disabled level evaluates no argument,
// formats nothing and allocates nothing. Messages are formatted with fmt (checked at compile
// time). Structured fields become JSON keys (or key=value in text).
//
// Thread-safety: loggers may be used from any thread; lines are written whole. InitLogging may be
// called again (tests do) but not concurrently with itself. Lines are flushed as they are written
// (spdlog's stdout/stderr sinks flush each line) and FlushLogs() runs at exit.
#pragma once

#include <atomic>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/common.h>

#include "core/log_level.h"
#include "core/log_line.h"
#include "core/status.h"

namespace core {

class Config;

enum class LogFormat { kText, kJson };
enum class LogTarget { kStderr, kStdout };

struct LogOptions {
  std::string level = "info";       // LOG_LEVEL / RUST_LOG syntax (see log_level.h)
  std::optional<LogFormat> format;  // nullopt: text when the target is a TTY, JSON otherwise
  LogTarget target = LogTarget::kStderr;
  std::string program;  // lets RUST_LOG's "<program>=level" apply to every component
  // Tests: write here instead of `target`. Whatever the sink writes to must stay alive until the
  // next InitLogging or process exit (FlushLogs runs at exit).
  spdlog::sink_ptr sink;
  bool format_is_json_for_sink = true;  // with `sink` and no `format`: JSON (a sink is no TTY)
};

// Reads logging.level, logging.format ("text"|"json") and logging.target ("stdout"|"stderr")
// when the config's schema has them.
LogOptions LogOptionsFromConfig(const Config& config, std::string program);

// Applies the options to every logger, existing and future. Error (InvalidArgument) on a bad
// level filter.
Status InitLogging(const LogOptions& options);

// Flushes the sink (also registered with atexit by InitLogging).
void FlushLogs();

namespace log_detail {
struct ComponentState {
  std::string name;
  std::atomic<int> level{static_cast<int>(LogLevel::kInfo)};
};
}  // namespace log_detail

class Logger {
 public:
  // Finds or registers `component` (takes a lock; construct loggers at setup, not per event).
  explicit Logger(std::string_view component);

  bool Enabled(LogLevel level) const {
    return static_cast<int>(level) >= state_->level.load(std::memory_order_relaxed);
  }
  const std::string& component() const { return state_->name; }

  // Formats and writes one line. Prefer the LOG_* macros, which check Enabled first.
  template <typename... Args>
  void Write(LogLevel level, fmt::format_string<Args...> format, Args&&... args) const {
    Write(level, {}, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  void Write(LogLevel level, std::initializer_list<LogField> fields,
             fmt::format_string<Args...> format, Args&&... args) const {
    fmt::memory_buffer message;  // inline storage: short messages do not allocate
    fmt::vformat_to(std::back_inserter(message), fmt::string_view(format),
                    fmt::make_format_args(args...));
    Emit(level, fields, std::string_view(message.data(), message.size()));
  }

 private:
  void Emit(LogLevel level, std::initializer_list<LogField> fields, std::string_view message) const;

  log_detail::ComponentState* state_;  // owned by the registry; lives until exit
};

}  // namespace core

#define CORE_LOG_AT(logger, level, ...)                \
  do {                                                 \
    const ::core::Logger& core_log_logger_ = (logger); \
    if (core_log_logger_.Enabled(level)) {             \
      core_log_logger_.Write(level, __VA_ARGS__);      \
    }                                                  \
  } while (0)

#define LOG_TRACE(logger, ...) CORE_LOG_AT(logger, ::core::LogLevel::kTrace, __VA_ARGS__)
#define LOG_DEBUG(logger, ...) CORE_LOG_AT(logger, ::core::LogLevel::kDebug, __VA_ARGS__)
#define LOG_INFO(logger, ...) CORE_LOG_AT(logger, ::core::LogLevel::kInfo, __VA_ARGS__)
#define LOG_WARN(logger, ...) CORE_LOG_AT(logger, ::core::LogLevel::kWarn, __VA_ARGS__)
#define LOG_ERROR(logger, ...) CORE_LOG_AT(logger, ::core::LogLevel::kError, __VA_ARGS__)
