// Zstandard: one-shot and streaming (ZSTD_compressStream2). Frames carry a content checksum, as
// the zstd CLI writes them. Use through codec.h / codec_stream.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/codec_stream.h"
#include "core/status.h"

namespace core {

inline constexpr int kZstdDefaultLevel = 3;

bool ZstdLevelValid(int level);

// One-shot; uses per-thread ZSTD contexts (allocated on first use in a thread).
Status ZstdCompress(std::string_view in, std::string* out, int level);
// Decodes every concatenated frame (skippable frames are skipped).
Status ZstdDecompress(std::string_view in, std::string* out);

std::unique_ptr<StreamCompressor> NewZstdStreamCompressor(ByteSink sink, int level);
std::unique_ptr<StreamDecompressor> NewZstdStreamDecompressor(ByteSink sink);

}  // namespace core
