// Text forms of scalar values used by the Extended JSON writer (extended_json.h): doubles, dates,
// binary payloads and ObjectIds. Each function appends to *out and never fails; none allocates
// beyond the output buffer's growth. Reentrant.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cdc {

// Last millisecond of year 9999 (9999-12-31T23:59:59.999Z): the end of the range in which relaxed
// Extended JSON writes dates as ISO-8601 strings.
inline constexpr int64_t kLastIso8601Millis = 253402300799999;

// Appends finite `v` with the fewest significant digits that parse back to exactly `v`. Decimal
// exponents in [-4, 20) use fixed notation, with ".0" appended to integral values ("1.0", "-0.0",
// "0.0001", "123456789.0"); others use exponent notation with a sign and at least two exponent
// digits ("1e+20", "1.5e-05", "5e-324"). NaN and infinities are the caller's business.
void AppendShortestDouble(double v, std::string* out);

// Appends `millis` since the Unix epoch as RFC 3339 UTC "YYYY-MM-DDTHH:MM:SS[.mmm]Z", with the
// milliseconds only when non-zero. Precondition: 0 <= millis <= kLastIso8601Millis.
void AppendIso8601Millis(int64_t millis, std::string* out);

// Appends standard base64 (RFC 4648 alphabet, '=' padding) of data[0, len).
void AppendBase64(const uint8_t* data, size_t len, std::string* out);

// Appends data[0, len) as lower-case hex, two digits per byte.
void AppendLowerHex(const uint8_t* data, size_t len, std::string* out);

}  // namespace cdc
