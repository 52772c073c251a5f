// Floating-point numbers written exactly as serde_json writes them (it uses the ryu crate): the
// shortest digits that round-trip, in decimal notation when the decimal exponent is within
// ryu's range (f64: 1e-5 <= |v| < 1e16, f32: 1e-6 <= |v| < 1e13) with ".0" for integral values
// ("1.0", "0.001", "1234567.0"), otherwise in scientific notation without '+' or leading zeros
// ("1e16", "1.5e-7"). NaN and infinities are written as null, as serde_json does.
//
// An f32 field (cpu_usage_percent) is written with the shortest digits of the float, not of the
// double it widens to ("12.3", not "12.300000190734863").
#pragma once

#include <cstddef>
#include <string>

namespace tracing::protocol {

// Buffers passed to the Format functions must hold at least this many bytes.
inline constexpr size_t kSerdeFloatMaxChars = 32;

// Write the number into `buf` (not NUL-terminated) and return its length.
size_t FormatSerdeF64(double v, char* buf);
size_t FormatSerdeF32(float v, char* buf);

void AppendSerdeF64(double v, std::string* out);
void AppendSerdeF32(float v, std::string* out);

}  // namespace tracing::protocol
