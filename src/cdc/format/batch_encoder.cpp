#include "cdc/format/batch_encoder.h"

#include <string>

#include "cdc/format/avro_encoder.h"
#include "cdc/format/csv_encoder.h"
#include "cdc/format/json_lines_encoder.h"
#include "cdc/format/parquet_encoder.h"

namespace cdc {

core::Result<OutputFormat> ParseOutputFormat(std::string_view s) {
  if (s == "json" || s == "jsonl") return OutputFormat::kJsonLines;
  if (s == "csv") return OutputFormat::kCsv;
  if (s == "parquet") return OutputFormat::kParquet;
  if (s == "avro") return OutputFormat::kAvro;
  return core::InvalidArgument("invalid format \"" + std::string(s) +
                               "\"; expected one of: json, csv, parquet, avro");
}

std::string_view OutputFormatName(OutputFormat f) {
  switch (f) {
    case OutputFormat::kJsonLines:
      return "json";
    case OutputFormat::kCsv:
      return "csv";
    case OutputFormat::kParquet:
      return "parquet";
    case OutputFormat::kAvro:
      return "avro";
  }
  return "json";
}

core::Result<std::unique_ptr<BatchEncoder>> MakeBatchEncoder(const EncoderOptions& options) {
  const bool text =
      options.format == OutputFormat::kJsonLines || options.format == OutputFormat::kCsv;
  if (text && options.compression == core::Codec::kSnappy) {
    return core::InvalidArgument(
        "compression \"snappy\" is not available for format \"" +
        std::string(OutputFormatName(options.format)) +
        "\" (snappy has no whole-file format other tools read); expected none, gzip or zstd");
  }
  if (options.compression != core::Codec::kNone) {
    CORE_RETURN_IF_ERROR(core::ValidateLevel(options.compression, options.compression_level));
  }
  switch (options.format) {
    case OutputFormat::kJsonLines:
      return std::unique_ptr<BatchEncoder>(new JsonLinesEncoder(options));
    case OutputFormat::kCsv:
      return std::unique_ptr<BatchEncoder>(new CsvEncoder(options));
    case OutputFormat::kAvro:  // COMPRESSION picks the block codec (avro/block_codec.h)
      return std::unique_ptr<BatchEncoder>(new AvroEncoder(options));
    case OutputFormat::kParquet:
      return std::unique_ptr<BatchEncoder>(new ParquetEncoder(options));
  }
  return core::Internal("unknown output format " +
                        std::to_string(static_cast<int>(options.format)));
}

}  // namespace cdc
