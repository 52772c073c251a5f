// Avro: each object is one Avro object container file of `rigatoni.ChangeEvent` records
// (schema: avro/change_event_schema.h; docs/formats.md, "Avro"). Extension .avro, content type
// application/avro, no content encoding: the container compresses its own blocks with the codec
// that COMPRESSION names (none -> null, gzip -> deflate, snappy -> snappy, zstd -> zstandard),
// and the object is never compressed again.
//
// Header metadata: avro.schema, avro.codec, rigatoni.writer ("rigatoni <version>") and
// rigatoni.json_mode ("relaxed" / "canonical"). The sync marker derives from the first event's
// resume token (avro/sync_marker.h), so a batch re-encoded after a crash is byte-identical.
//
// Lifetime and thread-safety as BatchEncoder.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cdc/format/avro/container_writer.h"
#include "cdc/format/batch_encoder.h"

namespace cdc {

class AvroEncoder final : public BatchEncoder {
 public:
  explicit AvroEncoder(const EncoderOptions& options, avro::BlockLimits limits = {});

  // On error (a malformed or too deeply nested document) the event is not added.
  core::Status Add(const ChangeEvent& event) override;
  core::Status Finish(std::string* out) override;
  size_t buffered_bytes() const override { return writer_.buffered_bytes(); }

  std::string_view extension() const override { return ".avro"; }
  std::string_view content_type() const override { return "application/avro"; }
  std::string_view content_encoding() const override { return {}; }

 private:
  // Appends `e` as one record of the schema. May leave a partial record on error.
  core::Status AppendRecord(const ChangeEvent& e, std::string* out);
  // ["null","string"] fields: null when `doc` is absent, else its Extended JSON.
  core::Status AppendJsonDocument(BsonView doc, std::string* out);
  // The same for BSON arrays, rendered as a JSON array.
  core::Status AppendJsonArray(BsonView array, std::string* out);
  // ["null", array<string>]: strings as they are, other values as Extended JSON.
  core::Status AppendStringArray(BsonView array, std::string* out);
  void Begin(BsonView first_resume_token);

  const EncoderOptions options_;
  const std::vector<std::pair<std::string, std::string>> metadata_;
  avro::ContainerWriter writer_;
  std::string scratch_;  // one field's JSON before it is length-prefixed; reused
};

}  // namespace cdc
