// Log levels and the LOG_LEVEL / RUST_LOG filter syntax.
//
// Honoured syntax: a comma-separated list of directives. A bare level ("info") sets the default
// level; "target=level" sets the level of the component named `target` and of its children
// ("cdc" covers "cdc.source"; Rust-style "cdc::source" is read as "cdc.source"). A target equal
// to the program name ("rigatoni", or "reflow_tracing" for reflow-tracing) applies to every
// component. The most specific directive wins. Span filters ("target[span]=level") and "/regex"
// suffixes are accepted and ignored; directives for unknown targets never match. Levels are
// trace, debug, info, warn (or warning), error, off, case-insensitive.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class LogLevel { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

std::optional<LogLevel> ParseLogLevel(std::string_view word);
// "trace", "debug", "info", "warn", "error", "off".
std::string_view LogLevelName(LogLevel level);

struct LogFilter {
  struct Directive {
    std::string target;  // dotted component prefix
    LogLevel level;
  };
  LogLevel default_level = LogLevel::kInfo;
  std::vector<Directive> directives;

  // The level for `component` of program `program`, by the rules above.
  LogLevel LevelFor(std::string_view component, std::string_view program) const;
};

// Parses the syntax above. On error returns nullopt and sets *problem to "is not a log level
// filter" style text naming the bad word.
std::optional<LogFilter> ParseLogFilter(std::string_view text, std::string* problem = nullptr);

// For a config option holding a filter: "is not a log level; expected ..." or nullopt.
std::optional<std::string> CheckLogFilter(std::string_view text);

}  // namespace core
