// EventCursor: the position after the last event a QueryEvents page returned. Events are ordered
// by (timestamp, insertion sequence), so the cursor holds both; clients see it as an opaque string.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace tracing {

struct EventCursor {
  int64_t timestamp_ns = 0;
  uint64_t seq = 0;  // the backend's insertion sequence number of the event

  // "<timestamp_ns>.<seq>" in decimal.
  std::string Encode() const;
  // InvalidArgument "invalid event cursor \"<text>\"" for anything Encode() did not produce.
  static core::Result<EventCursor> Decode(const std::string& text);
};

}  // namespace tracing
