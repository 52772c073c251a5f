#include "core/gzip_codec.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>

#include "core/zlib_stream.h"

namespace core {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header and trailer
constexpr size_t kStreamBuffer = 128 * 1024;

Status ZlibError(int rc, const z_stream& s, std::string_view what) {
  return zlib::Error(rc, s, "gzip", what);
}

Status Truncated() {
  return {ErrorCode::kDataLoss, "gzip: truncated input: stream ended inside a member"};
}

}  // namespace

Status GzipCompress(std::string_view in, std::string* out, int level) {
  thread_local zlib::Deflater d(kGzipWindowBits, "gzip");
  CORE_RETURN_IF_ERROR(d.Prepare(level));
  z_stream& s = d.s;
  const size_t bound = deflateBound(&s, static_cast<uLong>(std::min(in.size(), size_t{ULONG_MAX})));
  if (out->size() < bound) out->resize(bound);
  size_t in_off = 0;
  size_t out_off = 0;
  for (;;) {
    zlib::Feed(s, in, in_off);
    if (out_off == out->size()) out->resize(out->size() * 2);
    const size_t room = std::min(out->size() - out_off, zlib::kMaxChunk);
    s.next_out = reinterpret_cast<Bytef*>(out->data() + out_off);
    s.avail_out = static_cast<uInt>(room);
    const int flush = (in_off == in.size()) ? Z_FINISH : Z_NO_FLUSH;
    const int rc = deflate(&s, flush);
    out_off += room - s.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return ZlibError(rc, s, "compress");
  }
  out->resize(out_off);
  return Status::Ok();
}

Status GzipDecompress(std::string_view in, std::string* out) {
  out->clear();
  if (in.empty()) return {ErrorCode::kDataLoss, "gzip: truncated input: no data"};
  thread_local zlib::Inflater inf(kGzipWindowBits, "gzip");
  CORE_RETURN_IF_ERROR(inf.Prepare());
  z_stream& s = inf.s;
  // Size hint: ISIZE of the last member (untrusted, so bounded by deflate's best ratio).
  size_t hint = in.size() * 4;
  if (in.size() >= 18) {
    const auto* p = reinterpret_cast<const unsigned char*>(in.data() + in.size() - 4);
    const size_t isize = p[0] | (p[1] << 8) | (p[2] << 16) | (size_t{p[3]} << 24);
    hint = std::min(isize + 1, in.size() * 1032);
  }
  out->resize(std::max({hint, out->capacity(), size_t{64}}));
  size_t in_off = 0;
  size_t out_off = 0;
  for (;;) {
    zlib::Feed(s, in, in_off);
    if (out_off == out->size()) out->resize(out->size() * 2);
    const size_t room = std::min(out->size() - out_off, zlib::kMaxChunk);
    s.next_out = reinterpret_cast<Bytef*>(out->data() + out_off);
    s.avail_out = static_cast<uInt>(room);
    const int rc = inflate(&s, Z_NO_FLUSH);
    out_off += room - s.avail_out;
    if (rc == Z_STREAM_END) {
      if (s.avail_in == 0 && in_off == in.size()) break;
      if (inflateReset(&s) != Z_OK) return Internal("gzip: reset");  // next member
      continue;
    }
    if (rc == Z_BUF_ERROR && s.avail_in == 0 && in_off == in.size()) {
      out->clear();
      return Truncated();
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      out->clear();
      return ZlibError(rc, s, "decompress");
    }
  }
  out->resize(out_off);
  return Status::Ok();
}

namespace {

class GzipStreamCompressor final : public StreamCompressor {
 public:
  GzipStreamCompressor(ByteSink sink, int level)
      : sink_(std::move(sink)), buf_(kStreamBuffer, '\0') {
    const int rc = deflateInit2(&s_, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) {
      failed_ = ZlibError(rc, s_, "init");
    } else {
      initialised_ = true;
    }
  }
  ~GzipStreamCompressor() override {
    if (initialised_) deflateEnd(&s_);
  }

  Status Write(std::string_view chunk) override { return Run(chunk, Z_NO_FLUSH); }
  Status Finish() override { return Run({}, Z_FINISH); }

 private:
  Status Run(std::string_view in, int flush) {
    if (!failed_.ok()) return failed_;
    size_t in_off = 0;
    for (;;) {
      zlib::Feed(s_, in, in_off);
      const int f = (in_off == in.size()) ? flush : Z_NO_FLUSH;
      s_.next_out = reinterpret_cast<Bytef*>(buf_.data());
      s_.avail_out = static_cast<uInt>(buf_.size());
      const int rc = deflate(&s_, f);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        return failed_ = ZlibError(rc, s_, "compress");
      }
      const size_t produced = buf_.size() - s_.avail_out;
      if (produced > 0) {
        Status st = sink_(std::string_view(buf_.data(), produced));
        if (!st.ok()) return failed_ = st;
      }
      if (rc == Z_STREAM_END) return Status::Ok();
      // Done with this input once zlib has taken it all and had room to spare.
      if (f == Z_NO_FLUSH && s_.avail_in == 0 && in_off == in.size() && s_.avail_out != 0) {
        return Status::Ok();
      }
    }
  }

  ByteSink sink_;
  std::string buf_;
  z_stream s_{};
  bool initialised_ = false;
  Status failed_;
};

class GzipStreamDecompressor final : public StreamDecompressor {
 public:
  explicit GzipStreamDecompressor(ByteSink sink)
      : sink_(std::move(sink)), buf_(kStreamBuffer, '\0') {
    const int rc = inflateInit2(&s_, kGzipWindowBits);
    if (rc != Z_OK) {
      failed_ = ZlibError(rc, s_, "init");
    } else {
      initialised_ = true;
    }
  }
  ~GzipStreamDecompressor() override {
    if (initialised_) inflateEnd(&s_);
  }

  Status Write(std::string_view in) override {
    if (!failed_.ok()) return failed_;
    size_t in_off = 0;
    bool drain = false;  // the last inflate filled the buffer: more output may be pending
    for (;;) {
      zlib::Feed(s_, in, in_off);
      if (s_.avail_in == 0 && !drain) break;
      if (!in_member_) {
        if (saw_member_ && inflateReset(&s_) != Z_OK) return failed_ = Internal("gzip: reset");
        in_member_ = true;
        saw_member_ = true;
      }
      s_.next_out = reinterpret_cast<Bytef*>(buf_.data());
      s_.avail_out = static_cast<uInt>(buf_.size());
      const int rc = inflate(&s_, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        return failed_ = ZlibError(rc, s_, "decompress");
      }
      const size_t produced = buf_.size() - s_.avail_out;
      if (produced > 0) {
        Status st = sink_(std::string_view(buf_.data(), produced));
        if (!st.ok()) return failed_ = st;
      }
      drain = s_.avail_out == 0 && rc != Z_STREAM_END;
      if (rc == Z_STREAM_END) in_member_ = false;
    }
    return Status::Ok();
  }

  Status Finish() override {
    if (!failed_.ok()) return failed_;
    if (!saw_member_) return failed_ = {ErrorCode::kDataLoss, "gzip: truncated input: no data"};
    if (in_member_) return failed_ = Truncated();
    return Status::Ok();
  }

 private:
  ByteSink sink_;
  std::string buf_;
  z_stream s_{};
  bool initialised_ = false;
  bool in_member_ = false;   // inside a member whose trailer has not been read yet
  bool saw_member_ = false;  // at least one member started
  Status failed_;
};

}  // namespace

std::unique_ptr<StreamCompressor> NewGzipStreamCompressor(ByteSink sink, int level) {
  return std::make_unique<GzipStreamCompressor>(std::move(sink), level);
}

std::unique_ptr<StreamDecompressor> NewGzipStreamDecompressor(ByteSink sink) {
  return std::make_unique<GzipStreamDecompressor>(std::move(sink));
}

}  // namespace core
