#include "core/snappy_codec.h"

#include <snappy.h>

namespace core {

Status SnappyCompress(std::string_view in, std::string* out) {
  out->resize(snappy::MaxCompressedLength(in.size()));
  size_t n = 0;
  snappy::RawCompress(in.data(), in.size(), out->data(), &n);
  out->resize(n);
  return Status::Ok();
}

Status SnappyDecompress(std::string_view in, std::string* out) {
  out->clear();
  size_t n = 0;
  if (in.empty()) return {ErrorCode::kDataLoss, "snappy: truncated input: no data"};
  if (!snappy::GetUncompressedLength(in.data(), in.size(), &n)) {
    return {ErrorCode::kDataLoss, "snappy: corrupt input: invalid length header"};
  }
  // A snappy element expands at most 64 bytes from 2; anything beyond that is a lie.
  if (n / 32 > in.size()) {
    return {ErrorCode::kDataLoss, "snappy: corrupt input: declared length " + std::to_string(n) +
                                      " exceeds what a " + std::to_string(in.size()) +
                                      "-byte block can hold"};
  }
  out->resize(n);
  if (!snappy::RawUncompress(in.data(), in.size(), out->data())) {
    out->clear();
    return {ErrorCode::kDataLoss, "snappy: corrupt input: invalid block"};
  }
  return Status::Ok();
}

}  // namespace core
