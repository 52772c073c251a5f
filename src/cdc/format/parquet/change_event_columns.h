// The events schema: the fixed columns every rigatoni Parquet file starts with, one row per change
// event (docs/formats.md, "Parquet"):
//
//   operation_type              required STRING
//   database, collection        optional STRING
//   to_database, to_collection  optional STRING (rename target)
//   cluster_time                optional INT64 TIMESTAMP(MILLIS, UTC): the BSON timestamp's
//                               seconds * 1000 (null when the event has none)
//   cluster_time_increment      optional INT64: the BSON timestamp's increment (uint32)
//   wall_time                   optional INT64 TIMESTAMP(MILLIS, UTC)
//   document_key, full_document, full_document_before_change, updated_fields
//                               optional STRING (JSON): Extended JSON per JsonMode
//   removed_fields              optional LIST<STRING> (3-level list)
//   truncated_arrays, disambiguated_paths, operation_description
//                               optional STRING (JSON)
//   txn_number                  optional INT64
//   lsid                        optional STRING (JSON)
//   collection_uuid             optional FIXED_LEN_BYTE_ARRAY(16) UUID
//   resume_token                required STRING (JSON): the event's _id
#pragma once

#include <string>

#include "cdc/event/change_event.h"
#include "cdc/event/extended_json.h"
#include "cdc/format/parquet/file_writer.h"
#include "cdc/format/parquet/schema.h"

namespace cdc::parquet {

inline constexpr size_t kEventColumnCount = 20;

// Adds the event columns (above) to `schema`, in order.
void AddEventColumns(Schema* schema);

// Gives columns [0, kEventColumnCount) of `writer` their values for `event` (no EndRow).
// `scratch` is reused for JSON text. Fails only on malformed BSON or over-deep nesting; then some
// columns may have received the row already, so the caller must drop the writer.
core::Status AppendEventColumns(const ChangeEvent& event, JsonMode mode, ParquetFileWriter* writer,
                                std::string* scratch);

}  // namespace cdc::parquet
