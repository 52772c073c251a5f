// JSON Lines: one change event per line, the whole event (every field MongoDB sent, in its
// order) as MongoDB Extended JSON v2, relaxed by default or canonical. Content type
// application/x-ndjson; extension .jsonl (+ .gz / .zst).
#pragma once

#include "cdc/format/text_object_encoder.h"

namespace cdc {

class JsonLinesEncoder : public TextObjectEncoder {
 public:
  explicit JsonLinesEncoder(const EncoderOptions& options) : TextObjectEncoder(options, ".jsonl") {}
  std::string_view content_type() const override { return "application/x-ndjson"; }

 protected:
  core::Status AppendRow(const ChangeEvent& event, std::string* out) override;
};

}  // namespace cdc
