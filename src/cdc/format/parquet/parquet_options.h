// ParquetOptions: the Parquet-specific part of EncoderOptions (batch_encoder.h). Plain values.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/status.h"

namespace cdc {

enum class ParquetSchemaMode {
  kEvents,  // the fixed change-event columns (docs/formats.md, "Parquet")
  kInfer,   // those plus one typed column per top-level field of full_document (doc_<name>)
};

// "events" or "infer"; otherwise InvalidArgument naming PARQUET_SCHEMA and the choices.
core::Result<ParquetSchemaMode> ParseParquetSchemaMode(std::string_view s);
std::string_view ParquetSchemaModeName(ParquetSchemaMode m);

struct ParquetOptions {
  ParquetSchemaMode schema = ParquetSchemaMode::kEvents;
  size_t row_group_bytes = size_t{128} << 20;
  size_t page_bytes = size_t{1} << 20;
  bool dictionary = true;
  size_t dictionary_bytes_limit = size_t{1} << 20;
};

}  // namespace cdc
