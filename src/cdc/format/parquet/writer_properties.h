// WriterProperties: how a ParquetFileWriter lays out and compresses a file. Plain values; copied
// into each writer.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/codec.h"

namespace cdc::parquet {

struct WriterProperties {
  // Page compression (none, snappy, gzip, zstd) and its level (core::kDefaultLevel = default).
  core::Codec codec = core::Codec::kSnappy;
  int level = core::kDefaultLevel;
  // A data page is cut at the first row end after its encoded values reach this size.
  size_t page_bytes = size_t{1} << 20;
  // A row group is cut at the first row end after its buffered pages reach this size.
  size_t row_group_bytes = size_t{128} << 20;
  // BYTE_ARRAY columns start RLE_DICTIONARY-encoded and fall back to PLAIN for the rest of the
  // column chunk once the dictionary's PLAIN size passes dictionary_bytes_limit.
  bool dictionary = true;
  size_t dictionary_bytes_limit = size_t{1} << 20;
  std::string created_by;
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
};

// parquet.thrift CompressionCodec value of `codec`.
inline int32_t ParquetCodecId(core::Codec codec) {
  switch (codec) {
    case core::Codec::kNone:
      return 0;
    case core::Codec::kSnappy:
      return 1;
    case core::Codec::kGzip:
      return 2;
    case core::Codec::kZstd:
      return 6;
  }
  return 0;
}

}  // namespace cdc::parquet
