#include "tracing/storage/event_cursor.h"

#include <charconv>

namespace tracing {

std::string EventCursor::Encode() const {
  return std::to_string(timestamp_ns) + "." + std::to_string(seq);
}

core::Result<EventCursor> EventCursor::Decode(const std::string& text) {
  EventCursor c;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [p, ec] = std::from_chars(begin, end, c.timestamp_ns);
  bool ok = ec == std::errc() && p != end && *p == '.';
  if (ok) {
    auto [q, ec2] = std::from_chars(p + 1, end, c.seq);
    ok = ec2 == std::errc() && q == end && p + 1 != end && p[1] != '-' && p[1] != '+';
  }
  if (!ok) return core::InvalidArgument("invalid event cursor \"" + text + "\"");
  return c;
}

}  // namespace tracing
