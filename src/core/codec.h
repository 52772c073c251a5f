// Compression codecs for the files and blocks we write: none, gzip, zstd, snappy.
//
// One-shot Compress/Decompress write into a caller-provided std::string whose capacity is reused:
// with a warm buffer and per-thread codec contexts (created on first use in each thread) a call
// does not allocate. Streaming compressors and decompressors (codec_stream.h) exist for gzip and
// zstd.
//
// Snappy is block-only: raw snappy, as Parquet pages and Avro blocks use it, not the snappy
// framing format of `.sz` files, and it has no streaming API. Do not use it for whole files that
// other tools must read.
//
// Corrupt or truncated input yields a kDataLoss Status naming the codec and the problem, e.g.
// "zstd: corrupt input: Unknown frame descriptor".
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace core {

enum class Codec { kNone, kGzip, kZstd, kSnappy };

// Accepts "none", "gzip", "zstd", "snappy" (any case). Otherwise InvalidArgument:
// `invalid compression "lz4"; expected one of: none, gzip, zstd, snappy`.
Result<Codec> ParseCodec(std::string_view name);

// "none", "gzip", "zstd", "snappy".
std::string_view CodecName(Codec codec);

// File name suffix: "" (none), ".gz", ".zst", ".snappy" (raw snappy block; see above).
std::string_view FileSuffix(Codec codec);

// True for codecs with a streaming API (gzip, zstd; none trivially).
bool SupportsStreaming(Codec codec);

// Pass as `level` for the codec's default: gzip 6, zstd 3. Snappy and none ignore the level.
inline constexpr int kDefaultLevel = -1000;

// Valid levels: gzip 1..9 (0 = stored), zstd ZSTD_minCLevel()..ZSTD_maxCLevel().
Status ValidateLevel(Codec codec, int level);

// Replaces *out's contents with `in` compressed; reuses out's capacity.
Status Compress(Codec codec, std::string_view in, std::string* out, int level = kDefaultLevel);

// Replaces *out's contents with `in` decompressed. gzip: concatenated members are all decoded;
// zstd: concatenated frames likewise (frames without a content size are decoded by streaming).
Status Decompress(Codec codec, std::string_view in, std::string* out);

}  // namespace core
