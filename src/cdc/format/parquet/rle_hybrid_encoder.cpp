#include "cdc/format/parquet/rle_hybrid_encoder.h"

#include <algorithm>

#include "cdc/format/parquet/thrift_compact_writer.h"

namespace cdc::parquet {

namespace {

constexpr size_t kMinRleRun = 8;

template <typename T>
size_t RunLength(std::span<const T> v, size_t at) {
  size_t end = at + 1;
  while (end < v.size() && v[end] == v[at])
    ++end;
  return end - at;
}

template <typename T>
void AppendRun(T value, size_t count, int bit_width, std::string* out) {
  AppendVarint(uint64_t{count} << 1, out);
  const int bytes = (bit_width + 7) / 8;
  for (int i = 0; i < bytes; ++i)
    out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// Packs v[begin, end) padded with zeros to `groups` * 8 values.
template <typename T>
void AppendBitPacked(std::span<const T> v, size_t begin, size_t end, size_t groups, int bit_width,
                     std::string* out) {
  AppendVarint((uint64_t{groups} << 1) | 1, out);
  uint64_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < groups * 8; ++i) {
    const uint64_t value = begin + i < end ? static_cast<uint64_t>(v[begin + i]) : 0;
    acc |= value << bits;
    bits += bit_width;
    while (bits >= 8) {
      out->push_back(static_cast<char>(acc & 0xFF));
      acc >>= 8;
      bits -= 8;
    }
  }
  // groups * 8 * bit_width is a multiple of 8: nothing is left in acc.
}

template <typename T>
void Encode(std::span<const T> v, int bit_width, std::string* out) {
  size_t i = 0;
  while (i < v.size()) {
    const size_t run = RunLength(v, i);
    if (run >= kMinRleRun || bit_width == 0) {
      AppendRun(v[i], run, bit_width, out);
      i += run;
      continue;
    }
    // Bit-pack whole groups until a group would start with a long run (or the values end).
    size_t j = i;
    do {
      j += 8;
    } while (j < v.size() && RunLength(v, j) < kMinRleRun);
    const size_t end = std::min(j, v.size());
    AppendBitPacked(v, i, end, (j - i) / 8, bit_width, out);
    i = end;
  }
}

}  // namespace

void AppendRleHybrid(std::span<const uint32_t> values, int bit_width, std::string* out) {
  Encode(values, bit_width, out);
}

void AppendRleHybrid(std::span<const uint16_t> values, int bit_width, std::string* out) {
  Encode(values, bit_width, out);
}

void AppendLevels(std::span<const uint16_t> levels, int bit_width, std::string* out) {
  const size_t at = out->size();
  out->append(4, '\0');
  Encode(levels, bit_width, out);
  const uint32_t len = static_cast<uint32_t>(out->size() - at - 4);
  for (int i = 0; i < 4; ++i)
    (*out)[at + i] = static_cast<char>((len >> (8 * i)) & 0xFF);
}

int BitWidth(uint32_t max_value) {
  int w = 0;
  while (max_value != 0) {
    ++w;
    max_value >>= 1;
  }
  return w;
}

}  // namespace cdc::parquet
