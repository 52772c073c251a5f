#include "core/zstd_codec.h"

#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <optional>

namespace core {
namespace {

Status ZstdError(size_t rc, std::string_view what) {
  const ZSTD_ErrorCode code = ZSTD_getErrorCode(rc);
  std::string name = ZSTD_getErrorName(rc);
  if (code == ZSTD_error_memory_allocation) {
    return ResourceExhausted("zstd: " + std::string(what) + ": " + name);
  }
  if (what == "decompress") return {ErrorCode::kDataLoss, "zstd: corrupt input: " + name};
  return Internal("zstd: " + std::string(what) + ": " + name);
}

// Sum of the frames' declared content sizes; nullopt if any frame lacks one or looks corrupt.
std::optional<size_t> DeclaredSize(std::string_view in) {
  size_t total = 0;
  while (!in.empty()) {
    const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) return std::nullopt;
    const size_t frame = ZSTD_findFrameCompressedSize(in.data(), in.size());
    if (ZSTD_isError(frame) || frame == 0) return std::nullopt;
    total += static_cast<size_t>(size);
    in.remove_prefix(frame);
  }
  return total;
}

Status Truncated() {
  return {ErrorCode::kDataLoss, "zstd: truncated input: stream ended inside a frame"};
}

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};
using CCtxPtr = std::unique_ptr<ZSTD_CCtx, CCtxDeleter>;
using DCtxPtr = std::unique_ptr<ZSTD_DCtx, DCtxDeleter>;

Result<ZSTD_CCtx*> PrepareCCtx(ZSTD_CCtx* c, int level) {
  if (c == nullptr) return ResourceExhausted("zstd: cannot allocate a compression context");
  size_t rc = ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
  if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
  if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
  if (ZSTD_isError(rc)) return ZstdError(rc, "configure");
  return c;
}

// Streams `in` through `d`, calling emit(data, size) for output; kDataLoss if it ends mid-frame.
template <typename Emit>
Status DecompressStreaming(ZSTD_DCtx* d, std::string_view in, char* buf, size_t buf_size,
                           bool* in_frame, Emit&& emit) {
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  bool drain = false;
  while (input.pos < input.size || drain) {
    ZSTD_outBuffer output{buf, buf_size, 0};
    const size_t rc = ZSTD_decompressStream(d, &output, &input);
    if (ZSTD_isError(rc)) return ZstdError(rc, "decompress");
    if (output.pos > 0) CORE_RETURN_IF_ERROR(emit(buf, output.pos));
    *in_frame = rc != 0;
    // rc == 0: frame decoded and flushed. Calling again without input would start a new frame.
    drain = rc != 0 && output.pos == output.size;
  }
  return Status::Ok();
}

}  // namespace

bool ZstdLevelValid(int level) {
  return level >= ZSTD_minCLevel() && level <= ZSTD_maxCLevel();
}

Status ZstdCompress(std::string_view in, std::string* out, int level) {
  thread_local CCtxPtr cctx(ZSTD_createCCtx());
  CORE_ASSIGN_OR_RETURN(ZSTD_CCtx * c, PrepareCCtx(cctx.get(), level));
  const size_t bound = ZSTD_compressBound(in.size());
  if (out->size() < bound) out->resize(bound);
  const size_t n = ZSTD_compress2(c, out->data(), out->size(), in.data(), in.size());
  if (ZSTD_isError(n)) {
    out->clear();
    return ZstdError(n, "compress");
  }
  out->resize(n);
  return Status::Ok();
}

Status ZstdDecompress(std::string_view in, std::string* out) {
  out->clear();
  if (in.empty()) return {ErrorCode::kDataLoss, "zstd: truncated input: no data"};
  thread_local DCtxPtr dctx(ZSTD_createDCtx());
  if (!dctx) return ResourceExhausted("zstd: cannot allocate a decompression context");
  ZSTD_DCtx_reset(dctx.get(), ZSTD_reset_session_only);
  // Trust the frames' declared sizes only as far as a plausible ratio; otherwise stream.
  const std::optional<size_t> declared = DeclaredSize(in);
  const size_t plausible = std::max<size_t>(size_t{64} << 20, in.size() * 256);
  if (declared && *declared <= plausible) {
    out->resize(*declared);
    const size_t n =
        ZSTD_decompressDCtx(dctx.get(), out->data(), out->size(), in.data(), in.size());
    if (ZSTD_isError(n)) {
      out->clear();
      if (ZSTD_getErrorCode(n) == ZSTD_error_srcSize_wrong) return Truncated();
      return ZstdError(n, "decompress");
    }
    out->resize(n);
    return Status::Ok();
  }
  // Unknown sizes (streamed frames) or a corrupt header: decode by streaming into *out.
  out->resize(std::max({out->capacity(), in.size() * 4, size_t{64}}));
  size_t out_off = 0;
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  bool in_frame = false;
  for (;;) {
    if (out_off == out->size()) out->resize(out->size() * 2);
    ZSTD_outBuffer output{out->data() + out_off, out->size() - out_off, 0};
    const size_t rc = ZSTD_decompressStream(dctx.get(), &output, &input);
    if (ZSTD_isError(rc)) {
      out->clear();
      return ZstdError(rc, "decompress");
    }
    out_off += output.pos;
    in_frame = rc != 0;
    // rc == 0: frame decoded and flushed; calling again without input would start a new frame.
    if (input.pos == input.size && (output.pos < output.size || rc == 0)) break;
  }
  if (in_frame) {
    out->clear();
    return Truncated();
  }
  out->resize(out_off);
  return Status::Ok();
}

namespace {

class ZstdStreamCompressor final : public StreamCompressor {
 public:
  ZstdStreamCompressor(ByteSink sink, int level)
      : sink_(std::move(sink)), cctx_(ZSTD_createCCtx()), buf_(ZSTD_CStreamOutSize(), '\0') {
    Result<ZSTD_CCtx*> c = PrepareCCtx(cctx_.get(), level);
    if (!c.ok()) failed_ = c.status();
  }

  Status Write(std::string_view chunk) override { return Run(chunk, ZSTD_e_continue); }
  Status Finish() override { return Run({}, ZSTD_e_end); }

 private:
  Status Run(std::string_view in, ZSTD_EndDirective mode) {
    if (!failed_.ok()) return failed_;
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    for (;;) {
      ZSTD_outBuffer output{buf_.data(), buf_.size(), 0};
      const size_t remaining = ZSTD_compressStream2(cctx_.get(), &output, &input, mode);
      if (ZSTD_isError(remaining)) return failed_ = ZstdError(remaining, "compress");
      if (output.pos > 0) {
        Status st = sink_(std::string_view(buf_.data(), output.pos));
        if (!st.ok()) return failed_ = st;
      }
      const bool done = mode == ZSTD_e_end ? remaining == 0 : input.pos == input.size;
      if (done) return Status::Ok();
    }
  }

  ByteSink sink_;
  CCtxPtr cctx_;
  std::string buf_;
  Status failed_;
};

class ZstdStreamDecompressor final : public StreamDecompressor {
 public:
  explicit ZstdStreamDecompressor(ByteSink sink)
      : sink_(std::move(sink)), dctx_(ZSTD_createDCtx()), buf_(ZSTD_DStreamOutSize(), '\0') {
    if (!dctx_) failed_ = ResourceExhausted("zstd: cannot allocate a decompression context");
  }

  Status Write(std::string_view chunk) override {
    if (!failed_.ok()) return failed_;
    if (chunk.empty()) return Status::Ok();
    saw_input_ = true;
    Status st = DecompressStreaming(
        dctx_.get(), chunk, buf_.data(), buf_.size(), &in_frame_,
        [this](const char* p, size_t n) { return sink_(std::string_view(p, n)); });
    if (!st.ok()) failed_ = st;
    return st;
  }

  Status Finish() override {
    if (!failed_.ok()) return failed_;
    if (!saw_input_) return failed_ = {ErrorCode::kDataLoss, "zstd: truncated input: no data"};
    if (in_frame_) return failed_ = Truncated();
    return Status::Ok();
  }

 private:
  ByteSink sink_;
  DCtxPtr dctx_;
  std::string buf_;
  bool in_frame_ = false;
  bool saw_input_ = false;
  Status failed_;
};

}  // namespace

std::unique_ptr<StreamCompressor> NewZstdStreamCompressor(ByteSink sink, int level) {
  return std::make_unique<ZstdStreamCompressor>(std::move(sink), level);
}

std::unique_ptr<StreamDecompressor> NewZstdStreamDecompressor(ByteSink sink) {
  return std::make_unique<ZstdStreamDecompressor>(std::move(sink));
}

}  // namespace core
