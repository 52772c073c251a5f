#include "cdc/format/parquet_encoder.h"

#include <cstring>

#include "cdc/format/parquet/change_event_columns.h"
#include "cdc/format/parquet/file_writer.h"
#include "cdc/format/parquet/inferred_columns.h"

namespace cdc {

namespace {

core::Result<ChangeEvent> EventAt(const std::string& events, size_t offset) {
  uint32_t len = 0;
  std::memcpy(&len, events.data() + offset, 4);
  len = BSON_UINT32_FROM_LE(len);
  return ChangeEvent::Parse(
      BsonView(reinterpret_cast<const uint8_t*>(events.data()) + offset, len));
}

}  // namespace

core::Status ParquetEncoder::Add(const ChangeEvent& event) {
  offsets_.push_back(events_.size());
  events_.append(event.raw().bytes());
  return core::Status::Ok();
}

core::Status ParquetEncoder::Finish(std::string* out) {
  core::Status st = WriteFile(out);
  events_.clear();
  offsets_.clear();
  return st;
}

core::Status ParquetEncoder::WriteFile(std::string* out) {
  const ParquetOptions& po = options_.parquet;
  parquet::WriterProperties props;
  props.codec = options_.compression;
  props.level = options_.compression_level;
  props.page_bytes = po.page_bytes;
  props.row_group_bytes = po.row_group_bytes;
  props.dictionary = po.dictionary;
  props.dictionary_bytes_limit = po.dictionary_bytes_limit;
  props.created_by = "rigatoni version " PROJECT_VERSION;
  props.key_value_metadata = {
      {"writer", "rigatoni " PROJECT_VERSION},
      {"rigatoni.schema_mode", std::string(ParquetSchemaModeName(po.schema))},
      {"rigatoni.json_mode", options_.json_mode == JsonMode::kCanonical ? "canonical" : "relaxed"},
      {"rigatoni.pipeline", "mongodb change stream events"},
  };

  parquet::Schema schema;
  parquet::AddEventColumns(&schema);
  parquet::InferredColumns inferred;
  const bool infer = po.schema == ParquetSchemaMode::kInfer;
  if (infer) {
    for (size_t offset : offsets_) {
      CORE_ASSIGN_OR_RETURN(ChangeEvent e, EventAt(events_, offset));
      inferred.Observe(e.full_document());
    }
    inferred.AddColumns(&schema);
  }

  parquet::ParquetFileWriter writer(std::move(schema), std::move(props));
  for (size_t offset : offsets_) {
    CORE_ASSIGN_OR_RETURN(ChangeEvent e, EventAt(events_, offset));
    CORE_RETURN_IF_ERROR(parquet::AppendEventColumns(e, options_.json_mode, &writer, &scratch_));
    if (infer) {
      CORE_RETURN_IF_ERROR(inferred.Append(e.full_document(), options_.json_mode,
                                           parquet::kEventColumnCount, &writer, &scratch_));
    }
    CORE_RETURN_IF_ERROR(writer.EndRow());
  }
  return writer.Finish(out);
}

}  // namespace cdc
