// The RLE / bit-packing hybrid encoding of Parquet (definition and repetition levels, dictionary
// indices): runs of 8 or more equal values become RLE runs (varint(count << 1), then the value in
// ceil(bit_width / 8) little-endian bytes); everything else is bit-packed in groups of 8 values
// (varint(groups << 1 | 1), then the values packed LSB first). Only the last group of the whole
// sequence is padded with zeros; readers stop at the page's value count.
//
// No length prefix is written: data pages v1 prefix levels with a 4-byte little-endian length
// (AppendLevels), dictionary indices are preceded by one bit-width byte (the caller's business).
// Reentrant.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace cdc::parquet {

// Appends values (each < 2^bit_width, bit_width in 0..32) in the hybrid encoding.
void AppendRleHybrid(std::span<const uint32_t> values, int bit_width, std::string* out);
void AppendRleHybrid(std::span<const uint16_t> values, int bit_width, std::string* out);

// Appends a 4-byte little-endian length, then the hybrid encoding of `levels` (data page v1).
void AppendLevels(std::span<const uint16_t> levels, int bit_width, std::string* out);

// Bits needed for values 0..max_value (0 for max_value 0).
int BitWidth(uint32_t max_value);

}  // namespace cdc::parquet
