// Avro block codecs (Apache Avro 1.11 specification, "Object Container Files" / "Required
// Codecs" and "Optional Codecs"): how the data of each container block is compressed. The codec
// is named in the file header's `avro.codec` metadata.
//
//   null       the block as is
//   deflate    raw DEFLATE (RFC 1951): no zlib header, no checksum
//   snappy     a raw snappy block, then the 4-byte big-endian CRC-32 of the uncompressed data
//   zstandard  one Zstandard frame
//
// rigatoni's COMPRESSION option maps onto them: none -> null, gzip -> deflate, snappy -> snappy,
// zstd -> zstandard.
#pragma once

#include <string>
#include <string_view>

#include "core/codec.h"
#include "core/status.h"

namespace cdc::avro {

enum class BlockCodec { kNull, kDeflate, kSnappy, kZstandard };

// The `avro.codec` name: "null", "deflate", "snappy", "zstandard".
std::string_view BlockCodecName(BlockCodec codec);

// The block codec standing for a COMPRESSION value (see above).
BlockCodec BlockCodecFor(core::Codec compression);

// Replaces *out's contents with `block` in the codec's block format. `level` is the COMPRESSION
// level (core::kDefaultLevel: the codec's default; deflate 1..9, zstd as core::ValidateLevel;
// ignored by null and snappy). For kNull it copies (ContainerWriter writes null blocks directly).
// Allocation-free with a warm *out (codec contexts are per thread).
core::Status CompressBlock(BlockCodec codec, int level, std::string_view block, std::string* out);

}  // namespace cdc::avro
