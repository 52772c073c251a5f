// ParquetEncoder: one Parquet file per batch (docs/formats.md, "Parquet"). Columns are the events
// schema (parquet/change_event_columns.h), plus, in schema mode `infer`, one typed column per
// top-level field of the batch's full documents (parquet/inferred_columns.h).
//
// Add() keeps a copy of each event's BSON; Finish() infers the schema (infer mode) and writes the
// file, so a batch's schema covers all its events. Pages are compressed inside the file
// (EncoderOptions::compression: none, snappy, gzip, zstd); the object itself is never compressed
// again, so content_encoding() is empty. Content type application/vnd.apache.parquet (the IANA
// registration for Parquet). Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "cdc/format/batch_encoder.h"

namespace cdc {

class ParquetEncoder : public BatchEncoder {
 public:
  explicit ParquetEncoder(const EncoderOptions& options) : options_(options) {}

  core::Status Add(const ChangeEvent& event) override;
  core::Status Finish(std::string* out) override;
  size_t buffered_bytes() const override { return events_.size(); }
  std::string_view extension() const override { return ".parquet"; }
  std::string_view content_type() const override { return "application/vnd.apache.parquet"; }
  std::string_view content_encoding() const override { return {}; }

 private:
  core::Status WriteFile(std::string* out);

  const EncoderOptions options_;
  std::string events_;           // the batch's events, raw BSON back to back
  std::vector<size_t> offsets_;  // start of each event in events_
  std::string scratch_;          // JSON text of one value; reused
};

}  // namespace cdc
