#include "cdc/format/text_object_encoder.h"

namespace cdc {

TextObjectEncoder::TextObjectEncoder(const EncoderOptions& options, std::string_view base_extension)
    : options_(options) {
  extension_ = base_extension;
  extension_ += core::FileSuffix(options.compression);
}

std::string_view TextObjectEncoder::content_encoding() const {
  switch (options_.compression) {
    case core::Codec::kGzip:
      return "gzip";
    case core::Codec::kZstd:
      return "zstd";
    default:
      return {};
  }
}

core::Status TextObjectEncoder::Finish(std::string* out) {
  core::Status st;
  if (options_.compression == core::Codec::kNone) {
    out->swap(text_);  // keeps both buffers' capacity in circulation
  } else {
    st = core::Compress(options_.compression, text_, out, options_.compression_level);
  }
  text_.clear();
  return st;
}

}  // namespace cdc
