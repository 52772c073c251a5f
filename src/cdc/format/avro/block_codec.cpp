#include "cdc/format/avro/block_codec.h"

#include "core/crc32.h"
#include "core/raw_deflate.h"

namespace cdc::avro {

std::string_view BlockCodecName(BlockCodec codec) {
  switch (codec) {
    case BlockCodec::kNull:
      return "null";
    case BlockCodec::kDeflate:
      return "deflate";
    case BlockCodec::kSnappy:
      return "snappy";
    case BlockCodec::kZstandard:
      return "zstandard";
  }
  return "null";
}

BlockCodec BlockCodecFor(core::Codec compression) {
  switch (compression) {
    case core::Codec::kNone:
      return BlockCodec::kNull;
    case core::Codec::kGzip:
      return BlockCodec::kDeflate;
    case core::Codec::kSnappy:
      return BlockCodec::kSnappy;
    case core::Codec::kZstd:
      return BlockCodec::kZstandard;
  }
  return BlockCodec::kNull;
}

core::Status CompressBlock(BlockCodec codec, int level, std::string_view block, std::string* out) {
  switch (codec) {
    case BlockCodec::kNull:
      out->assign(block);
      return core::Status::Ok();
    case BlockCodec::kDeflate:
      return core::RawDeflateCompress(block, out, level);
    case BlockCodec::kZstandard:
      return core::Compress(core::Codec::kZstd, block, out, level);
    case BlockCodec::kSnappy: {
      CORE_RETURN_IF_ERROR(core::Compress(core::Codec::kSnappy, block, out));
      const uint32_t crc = core::Crc32(block);
      const char be[4] = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16),
                          static_cast<char>(crc >> 8), static_cast<char>(crc)};
      out->append(be, sizeof be);
      return core::Status::Ok();
    }
  }
  return core::Internal("avro: unknown block codec");
}

}  // namespace cdc::avro
