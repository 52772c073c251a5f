#include "core/raw_deflate.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

#include "core/zlib_stream.h"

namespace core {
namespace {

constexpr int kRawWindowBits = -15;  // negative: raw deflate, 32 KiB window
constexpr int kDefaultDeflateLevel = 6;

Status DeflateError(int rc, const z_stream& s, std::string_view what) {
  return zlib::Error(rc, s, "deflate", what);
}

// Points the stream's output at the free tail of *out (growing it when full).
size_t Room(z_stream& s, std::string* out, size_t out_off) {
  if (out_off == out->size()) out->resize(std::max<size_t>(out->size() * 2, 64));
  const size_t room = std::min(out->size() - out_off, zlib::kMaxChunk);
  s.next_out = reinterpret_cast<Bytef*>(out->data() + out_off);
  s.avail_out = static_cast<uInt>(room);
  return room;
}

}  // namespace

Status RawDeflateCompress(std::string_view in, std::string* out, int level) {
  if (level == kDefaultLevel) level = kDefaultDeflateLevel;
  if (level < 0 || level > 9) {
    return InvalidArgument("invalid deflate level " + std::to_string(level) + "; expected 0..9");
  }
  thread_local zlib::Deflater d(kRawWindowBits, "deflate");
  CORE_RETURN_IF_ERROR(d.Prepare(level));
  z_stream& s = d.s;
  out->resize(deflateBound(&s, static_cast<uLong>(std::min(in.size(), size_t{ULONG_MAX}))));
  size_t in_off = 0;
  size_t out_off = 0;
  for (;;) {
    zlib::Feed(s, in, in_off);
    const size_t room = Room(s, out, out_off);
    const int rc = deflate(&s, in_off == in.size() ? Z_FINISH : Z_NO_FLUSH);
    out_off += room - s.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return DeflateError(rc, s, "compress");
  }
  out->resize(out_off);
  return Status::Ok();
}

Status RawDeflateDecompress(std::string_view in, std::string* out) {
  thread_local zlib::Inflater inf(kRawWindowBits, "deflate");
  CORE_RETURN_IF_ERROR(inf.Prepare());
  z_stream& s = inf.s;
  out->resize(std::max({in.size() * 4, out->capacity(), size_t{64}}));
  size_t in_off = 0;
  size_t out_off = 0;
  for (;;) {
    zlib::Feed(s, in, in_off);
    const size_t room = Room(s, out, out_off);
    const int rc = inflate(&s, Z_NO_FLUSH);
    out_off += room - s.avail_out;
    if (rc == Z_STREAM_END) {
      if (s.avail_in != 0 || in_off != in.size()) {
        out->clear();
        return {ErrorCode::kDataLoss, "deflate: corrupt input: data after the end of the stream"};
      }
      break;
    }
    if (rc == Z_BUF_ERROR && s.avail_in == 0 && in_off == in.size() && s.avail_out != 0) {
      out->clear();
      return {ErrorCode::kDataLoss, "deflate: truncated input"};
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      out->clear();
      return DeflateError(rc, s, "decompress");
    }
  }
  out->resize(out_off);
  return Status::Ok();
}

}  // namespace core
