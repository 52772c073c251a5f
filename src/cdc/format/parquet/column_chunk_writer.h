// ColumnChunkWriter: buffers one column's values and levels for the current row group, cuts data
// pages (v1) as they fill, and writes the column chunk (dictionary page first when the chunk uses
// one) at the end of the row group.
//
// Values: call exactly one Add* per level of the row (a null, or a value at max definition
// level), then the file writer calls EndRow(). For a list column, an element's repetition level is
// 0 for the first of a row and 1 after; an empty or null list is one AddNull(def) at its
// definition level (1 or 0).
//
// Encodings: levels RLE (hybrid); BYTE_ARRAY values RLE_DICTIONARY while the dictionary stays
// under WriterProperties::dictionary_bytes_limit and the chunk's first kCardinalityProbe values
// hold at most half as many distinct ones, then PLAIN for the rest of the chunk (pages already cut
// stay dictionary-encoded); other types PLAIN. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cdc/format/parquet/byte_array_dictionary.h"
#include "cdc/format/parquet/column_statistics.h"
#include "cdc/format/parquet/page_writer.h"
#include "cdc/format/parquet/plain_encoder.h"
#include "cdc/format/parquet/schema.h"
#include "cdc/format/parquet/writer_properties.h"
#include "core/status.h"

namespace cdc::parquet {

// What the footer records for one column chunk (ColumnMetaData).
struct ColumnChunkMeta {
  std::vector<Encoding> encodings;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  int64_t null_count = 0;
  std::optional<std::string> min_value, max_value;
};

class ColumnChunkWriter {
 public:
  static constexpr int64_t kCardinalityProbe = 1024;

  // `descriptor` and `properties` must outlive the writer.
  ColumnChunkWriter(const ColumnDescriptor& descriptor, const WriterProperties& properties);

  void AddNull(uint16_t definition_level, uint16_t repetition_level = 0);
  void AddBytes(std::string_view v, uint16_t repetition_level = 0);
  void AddInt32(int32_t v);
  void AddInt64(int64_t v);
  void AddDouble(double v);
  void AddBool(bool v);

  // Ends a row: cuts the current page when it is full (or the dictionary overflowed).
  core::Status EndRow();
  // Bytes this chunk holds so far (stored pages + an estimate of the open page).
  size_t buffered_bytes() const;
  // Appends the chunk (dictionary page, data pages) to *file, fills *meta with offsets relative to
  // the start of *file, and resets for the next row group.
  core::Status WriteChunk(std::string* file, ColumnChunkMeta* meta);

  const ColumnDescriptor& descriptor() const { return descriptor_; }

 private:
  void AddLevels(uint16_t definition_level, uint16_t repetition_level);
  size_t open_page_bytes() const;
  core::Status CutPage();

  const ColumnDescriptor& descriptor_;
  const WriterProperties& properties_;

  // The open page.
  std::vector<uint16_t> definition_levels_;
  std::vector<uint16_t> repetition_levels_;
  std::string plain_values_;
  std::vector<uint32_t> dictionary_indices_;
  PlainBooleanPacker booleans_;
  int32_t page_levels_ = 0;

  // The chunk so far.
  std::string pages_;  // data pages, header + stored body each
  PageSizes page_sizes_;
  ByteArrayDictionary dictionary_;
  bool dictionary_mode_;
  bool dictionary_full_ = false;
  bool used_dictionary_ = false;
  bool used_plain_ = false;
  int64_t dictionary_values_ = 0;  // values added in dictionary mode in this chunk
  int64_t chunk_levels_ = 0;
  ColumnStatistics statistics_;

  std::string body_;        // page body being assembled; reused
  std::string compressed_;  // reused by compression
};

}  // namespace cdc::parquet
