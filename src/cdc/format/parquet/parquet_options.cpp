#include "cdc/format/parquet/parquet_options.h"

#include <string>

namespace cdc {

core::Result<ParquetSchemaMode> ParseParquetSchemaMode(std::string_view s) {
  if (s == "events") return ParquetSchemaMode::kEvents;
  if (s == "infer") return ParquetSchemaMode::kInfer;
  return core::InvalidArgument("invalid PARQUET_SCHEMA \"" + std::string(s) +
                               "\"; expected one of: events, infer");
}

std::string_view ParquetSchemaModeName(ParquetSchemaMode m) {
  return m == ParquetSchemaMode::kInfer ? "infer" : "events";
}

}  // namespace cdc
