// Avro binary encoding (Apache Avro 1.11 specification, "Binary Encoding") of the primitive and
// complex values the change-event record uses. Each function appends to *out; none fails, none
// allocates beyond the output buffer's growth. Reentrant.
//
//   int, long      zig-zag, then a base-128 varint, low 7 bits first (high bit = more follows):
//                  0 -> 00, -1 -> 01, 1 -> 02, -64 -> 7f, 64 -> 80 01
//   string, bytes  a long byte count, then the bytes (strings are UTF-8)
//   union          a long branch index (0-based, in the schema's order), then the branch's value
//   array          blocks: a long item count, the items; a block of count 0 ends the array
//   map            like array, each item a string key and its value
//   null           nothing
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cdc::avro {

// Zig-zag maps signed to unsigned so small magnitudes stay small: 0,-1,1,-2,2 -> 0,1,2,3,4.
constexpr uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

// At most 10 bytes for a 64-bit value.
inline constexpr size_t kMaxVarintBytes = 10;

inline void AppendVarint(uint64_t v, std::string* out) {
  char buf[kMaxVarintBytes];
  size_t n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

inline void AppendLong(int64_t v, std::string* out) {
  AppendVarint(ZigZag(v), out);
}
inline void AppendInt(int32_t v, std::string* out) {
  AppendVarint(ZigZag(v), out);
}

inline void AppendBytes(std::string_view bytes, std::string* out) {
  AppendLong(static_cast<int64_t>(bytes.size()), out);
  out->append(bytes);
}

// `utf8` must be valid UTF-8 (Avro readers decode it as such).
inline void AppendString(std::string_view utf8, std::string* out) {
  AppendBytes(utf8, out);
}

inline void AppendUnionBranch(int64_t index, std::string* out) {
  AppendLong(index, out);
}

// Ends an array or map (the block of count 0).
inline void AppendEndOfBlocks(std::string* out) {
  out->push_back('\0');
}

}  // namespace cdc::avro
