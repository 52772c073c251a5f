// ParquetFileWriter: builds one Parquet file in memory: "PAR1", row groups (each column chunk's
// pages), the FileMetaData footer, its 4-byte little-endian length, "PAR1".
//
// Usage: for each row, give every column exactly its values (column(i).Add*...), then EndRow().
// A row group is cut at the first row end after its buffered bytes reach
// WriterProperties::row_group_bytes. Finish() returns the file. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cdc/format/parquet/column_chunk_writer.h"
#include "cdc/format/parquet/file_metadata.h"
#include "cdc/format/parquet/schema.h"
#include "cdc/format/parquet/writer_properties.h"
#include "core/status.h"

namespace cdc::parquet {

class ParquetFileWriter {
 public:
  ParquetFileWriter(Schema schema, WriterProperties properties);
  ParquetFileWriter(const ParquetFileWriter&) = delete;
  ParquetFileWriter& operator=(const ParquetFileWriter&) = delete;

  const Schema& schema() const { return schema_; }
  ColumnChunkWriter& column(size_t i) { return *columns_[i]; }

  core::Status EndRow();
  // Bytes buffered: row groups written so far plus the open one's pages.
  size_t buffered_bytes() const;
  // Writes the open row group and the footer; replaces *out with the whole file. The writer is
  // finished afterwards (make a new one for the next file).
  core::Status Finish(std::string* out);

 private:
  core::Status WriteRowGroup();

  Schema schema_;
  WriterProperties properties_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> columns_;
  std::vector<RowGroupMeta> row_groups_;
  int64_t open_rows_ = 0;
  std::string file_;
};

}  // namespace cdc::parquet
