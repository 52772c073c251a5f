// gzip (RFC 1952) over zlib: one-shot and streaming. Use through codec.h / codec_stream.h; this
// header exists so the codec dispatch stays small.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/codec_stream.h"
#include "core/status.h"

namespace core {

inline constexpr int kGzipDefaultLevel = 6;

// One-shot; level 0..9. Uses a per-thread zlib stream (allocated on first use in a thread).
Status GzipCompress(std::string_view in, std::string* out, int level);
// Decodes every concatenated member.
Status GzipDecompress(std::string_view in, std::string* out);

std::unique_ptr<StreamCompressor> NewGzipStreamCompressor(ByteSink sink, int level);
std::unique_ptr<StreamDecompressor> NewGzipStreamDecompressor(ByteSink sink);

}  // namespace core
