#include "tracing/protocol/flow_trace.h"

namespace tracing::protocol {

std::string_view StatusKindName(StatusKind kind) {
  switch (kind) {
    case StatusKind::kPending:
      return "Pending";
    case StatusKind::kRunning:
      return "Running";
    case StatusKind::kCompleted:
      return "Completed";
    case StatusKind::kFailed:
      return "Failed";
    case StatusKind::kCancelled:
      return "Cancelled";
  }
  return "Pending";
}

}  // namespace tracing::protocol
