// FlowTrace: one execution of a flow (header, status, events, metadata), as the Reflow protocol
// carries it. Field order of every struct is the wire order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tracing/protocol/trace_event.h"
#include "tracing/protocol/uuid.h"

namespace tracing::protocol {

struct FlowVersion {
  uint32_t major = 0;
  uint32_t minor = 0;
  uint32_t patch = 0;
  std::optional<std::string> git_hash;
  int64_t timestamp_ns = 0;

  friend bool operator==(const FlowVersion&, const FlowVersion&) = default;
};

enum class StatusKind : uint8_t { kPending, kRunning, kCompleted, kFailed, kCancelled };
// "Pending", "Running", "Completed", "Failed", "Cancelled".
std::string_view StatusKindName(StatusKind kind);

// ExecutionStatus: `"Running"` or `{"Failed":{"error":"..."}}`.
struct ExecutionStatus {
  StatusKind kind = StatusKind::kPending;
  std::string error;  // Failed only

  friend bool operator==(const ExecutionStatus&, const ExecutionStatus&) = default;
};

struct TraceMetadata {
  std::optional<std::string> user_id;
  std::optional<std::string> session_id;
  std::string environment;
  std::string hostname;
  uint32_t process_id = 0;
  std::string thread_id;
  std::vector<std::pair<std::string, std::string>> tags;  // received order

  friend bool operator==(const TraceMetadata&, const TraceMetadata&) = default;
};

struct FlowTrace {
  Uuid trace_id;
  std::string flow_id;
  Uuid execution_id;
  FlowVersion version;
  int64_t start_time_ns = 0;
  std::optional<int64_t> end_time_ns;
  ExecutionStatus status;
  std::vector<TraceEvent> events;
  TraceMetadata metadata;

  friend bool operator==(const FlowTrace&, const FlowTrace&) = default;
};

}  // namespace tracing::protocol
