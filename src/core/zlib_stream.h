// Shared zlib plumbing for the gzip codec (window bits 15+16) and raw deflate (window bits -15,
// Avro's "deflate"): error mapping, input feeding, and per-thread reusable streams.
// Internal to src/core; callers use codec.h / raw_deflate.h.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <string>
#include <string_view>

#include "core/status.h"

namespace core::zlib {

constexpr size_t kMaxChunk = 1u << 30;  // z_stream counts are 32-bit

// `codec` prefixes the message ("gzip", "deflate"); corrupt data is kDataLoss.
inline Status Error(int rc, const z_stream& s, std::string_view codec, std::string_view what) {
  const std::string detail = s.msg != nullptr ? s.msg : zError(rc);
  const std::string prefix = std::string(codec) + ": ";
  if (rc == Z_MEM_ERROR) return ResourceExhausted(prefix + std::string(what) + ": out of memory");
  if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
    return {ErrorCode::kDataLoss, prefix + "corrupt input: " + detail};
  }
  return Internal(prefix + std::string(what) + ": " + detail);
}

// Moves the next piece of `in` into the stream when it has consumed the previous one.
inline void Feed(z_stream& s, std::string_view in, size_t& in_off) {
  if (s.avail_in == 0 && in_off < in.size()) {
    const size_t n = std::min(in.size() - in_off, kMaxChunk);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + in_off));
    s.avail_in = static_cast<uInt>(n);
    in_off += n;
  }
}

// A deflate stream kept per thread for one-shot calls; re-initialised only when the level changes.
struct Deflater {
  Deflater(int window_bits, const char* codec) : window_bits(window_bits), codec(codec) {}
  ~Deflater() {
    if (level != INT_MIN) deflateEnd(&s);
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  Status Prepare(int want) {
    s.next_in = nullptr;  // a failed earlier call may have left input behind
    s.avail_in = 0;
    if (level == want) {
      return deflateReset(&s) == Z_OK ? Status::Ok() : Internal(std::string(codec) + ": reset");
    }
    if (level != INT_MIN) deflateEnd(&s);
    s = z_stream{};
    level = INT_MIN;
    const int rc = deflateInit2(&s, want, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) return Error(rc, s, codec, "init");
    level = want;
    return Status::Ok();
  }

  z_stream s{};
  int level = INT_MIN;
  const int window_bits;
  const char* const codec;
};

// An inflate stream kept per thread for one-shot calls.
struct Inflater {
  Inflater(int window_bits, const char* codec) : window_bits(window_bits), codec(codec) {}
  ~Inflater() {
    if (ready) inflateEnd(&s);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  Status Prepare() {
    s.next_in = nullptr;
    s.avail_in = 0;
    if (ready) {
      return inflateReset(&s) == Z_OK ? Status::Ok() : Internal(std::string(codec) + ": reset");
    }
    const int rc = inflateInit2(&s, window_bits);
    if (rc != Z_OK) return Error(rc, s, codec, "init");
    ready = true;
    return Status::Ok();
  }

  z_stream s{};
  bool ready = false;
  const int window_bits;
  const char* const codec;
};

}  // namespace core::zlib
