// Raw DEFLATE (RFC 1951): deflate data with no zlib (RFC 1950) or gzip (RFC 1952) header or
// trailer and no checksum, as Avro's "deflate" block codec requires.
//
// One-shot, like core::Compress: *out's contents are replaced and its capacity reused; zlib
// streams are kept per thread, so a warm call does not allocate. Reentrant across threads.
#pragma once

#include <string>
#include <string_view>

#include "core/codec.h"
#include "core/status.h"

namespace core {

// Compresses `in` at `level` (1..9, 0 = stored, kDefaultLevel = 6).
Status RawDeflateCompress(std::string_view in, std::string* out, int level = kDefaultLevel);

// Decompresses one raw deflate stream that must span all of `in`. Corrupt or truncated input is
// kDataLoss: "deflate: corrupt input: ..." / "deflate: truncated input".
Status RawDeflateDecompress(std::string_view in, std::string* out);

}  // namespace core
