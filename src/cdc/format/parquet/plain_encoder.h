// PLAIN encoding (Parquet spec): fixed-width values little-endian back to back, BYTE_ARRAY as a
// 4-byte little-endian length then the bytes, FIXED_LEN_BYTE_ARRAY as the bytes alone, BOOLEAN
// bit-packed LSB first (PlainBooleanPacker). Each function appends to *out. Reentrant.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cdc::parquet {

inline void AppendLittleEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i)
    out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

inline void AppendPlainInt32(int32_t v, std::string* out) {
  AppendLittleEndian(static_cast<uint32_t>(v), 4, out);
}
inline void AppendPlainInt64(int64_t v, std::string* out) {
  AppendLittleEndian(static_cast<uint64_t>(v), 8, out);
}
inline void AppendPlainDouble(double v, std::string* out) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  AppendLittleEndian(bits, 8, out);
}
inline void AppendPlainByteArray(std::string_view v, std::string* out) {
  AppendLittleEndian(v.size(), 4, out);
  out->append(v);
}

// Booleans, one bit each, LSB first; Finish pads the last byte with zeros.
class PlainBooleanPacker {
 public:
  void Add(bool v, std::string* out) {
    if (bits_ == 0) out->push_back('\0');
    if (v) out->back() = static_cast<char>(out->back() | (1 << bits_));
    bits_ = (bits_ + 1) % 8;
  }
  void Reset() { bits_ = 0; }

 private:
  int bits_ = 0;  // bits used in the last byte of *out
};

}  // namespace cdc::parquet
