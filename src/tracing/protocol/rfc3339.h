// RFC 3339 timestamps as chrono's serde writes them, stored as int64 nanoseconds since the Unix
// epoch (UTC). The representable range is 1677-09-21T00:12:43.145224192Z ..
// 2262-04-11T23:47:16.854775807Z; times before 1970 are negative and fully supported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tracing::protocol {

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" (the separator may also be 't' or a
// space, the zone 'z'), converting offsets to UTC. Fraction digits beyond nanoseconds are
// truncated, as chrono does. Errors are InvalidArgument with a message naming the problem (e.g.
// "month 13 is out of range"), without the input (callers add it).
core::Result<int64_t> ParseRfc3339(std::string_view text);

// Appends chrono's form: seconds, then a fraction of 3, 6 or 9 digits only when needed (the
// fewest of those that is exact), then 'Z'. E.g. "2025-09-17T21:06:43.123Z".
void AppendRfc3339(int64_t unix_nanos, std::string* out);
// The same into `buf` (at least kRfc3339MaxChars bytes, not NUL-terminated); returns the length.
inline constexpr size_t kRfc3339MaxChars = 32;
size_t FormatRfc3339(int64_t unix_nanos, char* buf);
std::string FormatRfc3339(int64_t unix_nanos);

}  // namespace tracing::protocol
