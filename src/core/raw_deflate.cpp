#include "core/raw_deflate.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace core {
namespace {

constexpr int kRawWindowBits = -15;  // negative: raw deflate, 32 KiB window
constexpr int kDefaultDeflateLevel = 6;
constexpr size_t kMaxZlibChunk = 1u << 30;  // z_stream counts are 32-bit

Status DeflateError(int rc, const z_stream& s, std::string_view what) {
  std::string detail = s.msg != nullptr ? s.msg : zError(rc);
  if (rc == Z_MEM_ERROR)
    return ResourceExhausted("deflate: " + std::string(what) + ": out of memory");
  if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
    return {ErrorCode::kDataLoss, "deflate: corrupt input: " + detail};
  }
  return Internal("deflate: " + std::string(what) + ": " + detail);
}

// Moves the next piece of `in` into the stream when it has consumed the previous one.
void Feed(z_stream& s, std::string_view in, size_t& in_off) {
  if (s.avail_in == 0 && in_off < in.size()) {
    const size_t n = std::min(in.size() - in_off, kMaxZlibChunk);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + in_off));
    s.avail_in = static_cast<uInt>(n);
    in_off += n;
  }
}

// Points the stream's output at the free tail of *out (growing it when full).
size_t Room(z_stream& s, std::string* out, size_t out_off) {
  if (out_off == out->size()) out->resize(std::max<size_t>(out->size() * 2, 64));
  const size_t room = std::min(out->size() - out_off, kMaxZlibChunk);
  s.next_out = reinterpret_cast<Bytef*>(out->data() + out_off);
  s.avail_out = static_cast<uInt>(room);
  return room;
}

// A raw deflate stream kept per thread; re-initialised only when the level changes.
struct RawDeflater {
  z_stream s{};
  int level = INT_MIN;
  ~RawDeflater() {
    if (level != INT_MIN) deflateEnd(&s);
  }
  Status Prepare(int want) {
    s.next_in = nullptr;  // a failed earlier call may have left input behind
    s.avail_in = 0;
    if (level == want) return deflateReset(&s) == Z_OK ? Status::Ok() : Internal("deflate: reset");
    if (level != INT_MIN) deflateEnd(&s);
    s = z_stream{};
    level = INT_MIN;
    const int rc = deflateInit2(&s, want, Z_DEFLATED, kRawWindowBits, 8, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) return DeflateError(rc, s, "init");
    level = want;
    return Status::Ok();
  }
};

struct RawInflater {
  z_stream s{};
  bool ready = false;
  ~RawInflater() {
    if (ready) inflateEnd(&s);
  }
  Status Prepare() {
    s.next_in = nullptr;
    s.avail_in = 0;
    if (ready) return inflateReset(&s) == Z_OK ? Status::Ok() : Internal("deflate: reset");
    const int rc = inflateInit2(&s, kRawWindowBits);
    if (rc != Z_OK) return DeflateError(rc, s, "init");
    ready = true;
    return Status::Ok();
  }
};

}  // namespace

Status RawDeflateCompress(std::string_view in, std::string* out, int level) {
  if (level == kDefaultLevel) level = kDefaultDeflateLevel;
  if (level < 0 || level > 9) {
    return InvalidArgument("invalid deflate level " + std::to_string(level) + "; expected 0..9");
  }
  thread_local RawDeflater d;
  CORE_RETURN_IF_ERROR(d.Prepare(level));
  z_stream& s = d.s;
  out->resize(deflateBound(&s, static_cast<uLong>(std::min(in.size(), size_t{ULONG_MAX}))));
  size_t in_off = 0;
  size_t out_off = 0;
  for (;;) {
    Feed(s, in, in_off);
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
  thread_local RawInflater inf;
  CORE_RETURN_IF_ERROR(inf.Prepare());
  z_stream& s = inf.s;
  out->resize(std::max({in.size() * 4, out->capacity(), size_t{64}}));
  size_t in_off = 0;
  size_t out_off = 0;
  for (;;) {
    Feed(s, in, in_off);
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
