// TextObjectEncoder: the shared part of the text formats (JSON Lines, CSV): rows appended to one
// buffer, then the whole object compressed once (gzip or zstd) at Finish.
#pragma once

#include <string>

#include "cdc/format/batch_encoder.h"

namespace cdc {

class TextObjectEncoder : public BatchEncoder {
 public:
  core::Status Add(const ChangeEvent& event) final {
    if (text_.empty()) AppendHeader(&text_);
    return AppendRow(event, &text_);
  }
  core::Status Finish(std::string* out) final;
  size_t buffered_bytes() const final { return text_.size(); }
  std::string_view extension() const final { return extension_; }
  std::string_view content_encoding() const final;

 protected:
  TextObjectEncoder(const EncoderOptions& options, std::string_view base_extension);

  // Appends what starts every object (the CSV header row); nothing by default.
  virtual void AppendHeader(std::string* /*out*/) {}
  // Appends one event as one row (with its line terminator). On error *out must be unchanged.
  virtual core::Status AppendRow(const ChangeEvent& event, std::string* out) = 0;

  const EncoderOptions options_;

 private:
  std::string text_;  // the current object's uncompressed bytes
  std::string extension_;
};

}  // namespace cdc
