// BatchEncoder: turns the change events of one batch into the bytes of one lake object, in one
// output format. One interface, so a new format is one class (format/<name>_encoder.*).
//
// Lifetime: an encoder is owned by one encode worker and reused for every batch it encodes
// (buffers keep their capacity: no per-event allocation once warm). Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "cdc/event/change_event.h"
#include "cdc/event/extended_json.h"
#include "cdc/format/parquet/parquet_options.h"
#include "core/codec.h"
#include "core/status.h"

namespace cdc {

enum class OutputFormat { kJsonLines, kCsv, kParquet, kAvro };

// "json" (or "jsonl"), "csv", "parquet", "avro".
core::Result<OutputFormat> ParseOutputFormat(std::string_view s);
std::string_view OutputFormatName(OutputFormat f);

struct EncoderOptions {
  OutputFormat format = OutputFormat::kJsonLines;
  // Whole-object compression for JSON Lines and CSV (none, gzip, zstd). Parquet and Avro
  // compress inside the format and are never compressed again (Parquet: none, snappy, gzip,
  // zstd per page).
  core::Codec compression = core::Codec::kNone;
  int compression_level = core::kDefaultLevel;
  JsonMode json_mode = JsonMode::kRelaxed;  // for JSON text, in every format
  ParquetOptions parquet;                   // format parquet only
};

class BatchEncoder {
 public:
  virtual ~BatchEncoder() = default;

  // Appends one event to the object being built.
  virtual core::Status Add(const ChangeEvent& event) = 0;
  // Completes the object into *out (replacing its contents) and starts a new, empty one.
  virtual core::Status Finish(std::string* out) = 0;
  // Bytes buffered for the current object (before compression).
  virtual size_t buffered_bytes() const = 0;

  // ".jsonl", ".csv.gz", ".parquet", ...
  virtual std::string_view extension() const = 0;
  virtual std::string_view content_type() const = 0;
  // "gzip" / "zstd" for whole-object compression, else empty.
  virtual std::string_view content_encoding() const = 0;
};

// Validates the combination (e.g. snappy is not a whole-object codec) with a message naming
// FORMAT / COMPRESSION and what is allowed.
core::Result<std::unique_ptr<BatchEncoder>> MakeBatchEncoder(const EncoderOptions& options);

}  // namespace cdc
