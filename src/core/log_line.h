// LogRecord and its two renderings: one JSON object per line, or one human-readable text line.
// Pure functions; the caller owns the buffer (reused per thread by core::Logger).
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "core/log_level.h"

namespace core {

// A structured key/value attached to one log line. Holds views: whatever it refers to must live
// until the log call returns (temporaries in the call expression do).
struct LogField {
  using Value = std::variant<std::string_view, int64_t, uint64_t, double, bool>;

  template <typename T>
  LogField(std::string_view k, const T& v) : key(k), value(Convert(v)) {}

  std::string_view key;
  Value value;

 private:
  template <typename T>
  static Value Convert(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      return v;
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      return static_cast<int64_t>(v);
    } else if constexpr (std::is_integral_v<T>) {
      return static_cast<uint64_t>(v);
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<double>(v);
    } else {
      return std::string_view(v);
    }
  }
};

struct LogRecord {
  std::chrono::system_clock::time_point time;
  LogLevel level = LogLevel::kInfo;
  std::string_view component;
  uint64_t thread = 0;
  std::string_view message;
  std::initializer_list<LogField> fields;
};

// "2025-01-15T10:30:45.123Z" (RFC 3339, UTC, milliseconds).
void AppendRfc3339Millis(std::string* out, std::chrono::system_clock::time_point t);

// {"ts":"...","level":"info","component":"pipeline","thread":42,"msg":"...",<fields>}
// (no trailing newline). Fields follow the fixed keys in call order.
void AppendJsonLine(std::string* out, const LogRecord& record);

// 2025-01-15T10:30:45.123Z INFO  pipeline [42] message key=value key2="two words"
// Field values that are not a plain word are written as JSON strings.
void AppendTextLine(std::string* out, const LogRecord& record);

}  // namespace core
