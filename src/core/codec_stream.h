// Streaming compression for whole files: feed chunks, get compressed (or decompressed) bytes in
// an output string or through a sink callback.
//
// Supported codecs: gzip (zlib with a gzip header, so `gzip -dc` reads it), zstd
// (ZSTD_compressStream2; frames readable by `zstd -dc`), and none (pass-through). Snappy is
// block-only and has no streaming form (see codec.h).
//
// Decompressors accept concatenated gzip members and concatenated zstd frames, as the CLI tools
// do. Finish() reports kDataLoss if the input stopped inside a member/frame.
//
// Not thread-safe; one owner per object. A sink error is returned by the call that produced it
// and leaves the object failed (later calls return the same error).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/codec.h"
#include "core/status.h"

namespace core {

// Receives output bytes; the view is valid only during the call.
using ByteSink = std::function<Status(std::string_view)>;

class StreamCompressor {
 public:
  virtual ~StreamCompressor() = default;
  // Compresses `chunk`; output may be held back until later writes or Finish().
  virtual Status Write(std::string_view chunk) = 0;
  // Ends the stream (trailer/epilogue) and emits everything held back. Call once.
  virtual Status Finish() = 0;
};

class StreamDecompressor {
 public:
  virtual ~StreamDecompressor() = default;
  // Decompresses `chunk`, emitting output as it becomes available.
  virtual Status Write(std::string_view chunk) = 0;
  // Checks that the input ended on a member/frame boundary.
  virtual Status Finish() = 0;
};

// Output goes to `sink`.
Result<std::unique_ptr<StreamCompressor>> NewStreamCompressor(Codec codec, ByteSink sink,
                                                              int level = kDefaultLevel);
Result<std::unique_ptr<StreamDecompressor>> NewStreamDecompressor(Codec codec, ByteSink sink);

// Output is appended to *out, which must outlive the returned object.
Result<std::unique_ptr<StreamCompressor>> NewStreamCompressor(Codec codec, std::string* out,
                                                              int level = kDefaultLevel);
Result<std::unique_ptr<StreamDecompressor>> NewStreamDecompressor(Codec codec, std::string* out);

}  // namespace core
