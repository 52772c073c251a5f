// The Parquet footer: FileMetaData (schema, row groups with their column chunks and statistics,
// key-value metadata, created_by, column orders) in the Thrift compact protocol.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cdc/format/parquet/column_chunk_writer.h"
#include "cdc/format/parquet/schema.h"
#include "cdc/format/parquet/writer_properties.h"

namespace cdc::parquet {

struct RowGroupMeta {
  std::vector<ColumnChunkMeta> columns;  // one per schema column, in order
  int64_t num_rows = 0;
  int64_t file_offset = 0;
};

// Appends the serialized FileMetaData (without the length and magic that follow it).
void AppendFileMetaData(const Schema& schema, const std::vector<RowGroupMeta>& row_groups,
                        const WriterProperties& properties, std::string* out);

}  // namespace cdc::parquet
