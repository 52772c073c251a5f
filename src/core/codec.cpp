#include "core/codec.h"

#include <algorithm>
#include <cctype>

#include "core/codec_stream.h"
#include "core/gzip_codec.h"
#include "core/json_writer.h"
#include "core/snappy_codec.h"
#include "core/zstd_codec.h"

namespace core {
namespace {

constexpr Codec kAllCodecs[] = {Codec::kNone, Codec::kGzip, Codec::kZstd, Codec::kSnappy};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int ResolveLevel(Codec codec, int level) {
  if (level != kDefaultLevel) return level;
  switch (codec) {
    case Codec::kGzip:
      return kGzipDefaultLevel;
    case Codec::kZstd:
      return kZstdDefaultLevel;
    default:
      return 0;
  }
}

// Pass-through "compression" for Codec::kNone.
class CopyStream final : public StreamCompressor, public StreamDecompressor {
 public:
  explicit CopyStream(ByteSink sink) : sink_(std::move(sink)) {}
  Status Write(std::string_view chunk) override {
    return chunk.empty() ? Status::Ok() : sink_(chunk);
  }
  Status Finish() override { return Status::Ok(); }

 private:
  ByteSink sink_;
};

ByteSink AppendTo(std::string* out) {
  return [out](std::string_view bytes) {
    out->append(bytes);
    return Status::Ok();
  };
}

Status NoStreaming(Codec codec) {
  return InvalidArgument("compression \"" + std::string(CodecName(codec)) +
                         "\" has no streaming form (raw blocks only)");
}

}  // namespace

Result<Codec> ParseCodec(std::string_view name) {
  for (Codec c : kAllCodecs) {
    if (EqualsIgnoreCase(name, CodecName(c))) return c;
  }
  std::string m = "invalid compression \"";
  JsonWriter::AppendEscaped(&m, name);
  m += "\"; expected one of: none, gzip, zstd, snappy";
  return InvalidArgument(std::move(m));
}

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNone:
      return "none";
    case Codec::kGzip:
      return "gzip";
    case Codec::kZstd:
      return "zstd";
    case Codec::kSnappy:
      return "snappy";
  }
  return "unknown";
}

std::string_view FileSuffix(Codec codec) {
  switch (codec) {
    case Codec::kNone:
      return "";
    case Codec::kGzip:
      return ".gz";
    case Codec::kZstd:
      return ".zst";
    case Codec::kSnappy:
      return ".snappy";
  }
  return "";
}

bool SupportsStreaming(Codec codec) {
  return codec != Codec::kSnappy;
}

Status ValidateLevel(Codec codec, int level) {
  if (level == kDefaultLevel) return Status::Ok();
  switch (codec) {
    case Codec::kGzip:
      if (level >= 0 && level <= 9) return Status::Ok();
      return InvalidArgument("invalid gzip level " + std::to_string(level) + "; expected 0..9");
    case Codec::kZstd:
      if (ZstdLevelValid(level)) return Status::Ok();
      return InvalidArgument("invalid zstd level " + std::to_string(level) +
                             "; expected -131072..22 (1..19 are the usual levels)");
    default:
      return Status::Ok();
  }
}

Status Compress(Codec codec, std::string_view in, std::string* out, int level) {
  CORE_RETURN_IF_ERROR(ValidateLevel(codec, level));
  switch (codec) {
    case Codec::kNone:
      out->assign(in);
      return Status::Ok();
    case Codec::kGzip:
      return GzipCompress(in, out, ResolveLevel(codec, level));
    case Codec::kZstd:
      return ZstdCompress(in, out, ResolveLevel(codec, level));
    case Codec::kSnappy:
      return SnappyCompress(in, out);
  }
  return Internal("unknown codec");
}

Status Decompress(Codec codec, std::string_view in, std::string* out) {
  switch (codec) {
    case Codec::kNone:
      out->assign(in);
      return Status::Ok();
    case Codec::kGzip:
      return GzipDecompress(in, out);
    case Codec::kZstd:
      return ZstdDecompress(in, out);
    case Codec::kSnappy:
      return SnappyDecompress(in, out);
  }
  return Internal("unknown codec");
}

Result<std::unique_ptr<StreamCompressor>> NewStreamCompressor(Codec codec, ByteSink sink,
                                                              int level) {
  CORE_RETURN_IF_ERROR(ValidateLevel(codec, level));
  switch (codec) {
    case Codec::kNone:
      return std::unique_ptr<StreamCompressor>(std::make_unique<CopyStream>(std::move(sink)));
    case Codec::kGzip:
      return NewGzipStreamCompressor(std::move(sink), ResolveLevel(codec, level));
    case Codec::kZstd:
      return NewZstdStreamCompressor(std::move(sink), ResolveLevel(codec, level));
    case Codec::kSnappy:
      return NoStreaming(codec);
  }
  return Internal("unknown codec");
}

Result<std::unique_ptr<StreamDecompressor>> NewStreamDecompressor(Codec codec, ByteSink sink) {
  switch (codec) {
    case Codec::kNone:
      return std::unique_ptr<StreamDecompressor>(std::make_unique<CopyStream>(std::move(sink)));
    case Codec::kGzip:
      return NewGzipStreamDecompressor(std::move(sink));
    case Codec::kZstd:
      return NewZstdStreamDecompressor(std::move(sink));
    case Codec::kSnappy:
      return NoStreaming(codec);
  }
  return Internal("unknown codec");
}

Result<std::unique_ptr<StreamCompressor>> NewStreamCompressor(Codec codec, std::string* out,
                                                              int level) {
  return NewStreamCompressor(codec, AppendTo(out), level);
}

Result<std::unique_ptr<StreamDecompressor>> NewStreamDecompressor(Codec codec, std::string* out) {
  return NewStreamDecompressor(codec, AppendTo(out));
}

}  // namespace core
