// AvroContainerParser: a minimal reader of Avro object container files for unit tests: splits
// the header (magic, metadata, sync) and the blocks, checking the sync after each block and
// undoing the block codec. Records stay binary (the integration tests decode them with avsc, an
// independent implementation). Failures are gtest failures; the returned struct is then partial.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/codec.h"
#include "core/crc32.h"
#include "core/raw_deflate.h"

namespace cdc::avro::test {

struct ParsedBlock {
  int64_t records = 0;
  std::string data;          // as stored (compressed)
  std::string uncompressed;  // after the codec
};

struct ParsedContainer {
  std::map<std::string, std::string> metadata;
  std::string sync;
  std::vector<ParsedBlock> blocks;
};

class AvroContainerParser {
 public:
  explicit AvroContainerParser(std::string_view file) : in_(file) {}

  ParsedContainer Parse() {
    ParsedContainer c;
    EXPECT_EQ(Take(4), std::string("Obj\x01", 4)) << "magic";
    for (int64_t n = ReadLong(); n != 0 && ok_; n = ReadLong()) {
      if (n < 0) {
        n = -n;
        ReadLong();  // block byte size
      }
      for (int64_t i = 0; i < n && ok_; ++i) {
        std::string key = Take(static_cast<size_t>(ReadLong()));
        c.metadata[key] = Take(static_cast<size_t>(ReadLong()));
      }
    }
    c.sync = Take(16);
    const std::string codec = c.metadata["avro.codec"];
    while (ok_ && at_ < in_.size()) {
      ParsedBlock b;
      b.records = ReadLong();
      b.data = Take(static_cast<size_t>(ReadLong()));
      EXPECT_EQ(Take(16), c.sync) << "sync after block " << c.blocks.size();
      b.uncompressed = Uncompress(codec, b.data);
      c.blocks.push_back(std::move(b));
    }
    EXPECT_TRUE(ok_) << "truncated container at byte " << at_;
    return c;
  }

  static std::string Uncompress(const std::string& codec, const std::string& data) {
    std::string out;
    if (codec == "null") return data;
    if (codec == "deflate") {
      EXPECT_TRUE(core::RawDeflateDecompress(data, &out).ok());
    } else if (codec == "zstandard") {
      EXPECT_TRUE(core::Decompress(core::Codec::kZstd, data, &out).ok());
    } else if (codec == "snappy") {
      EXPECT_GE(data.size(), 4u);
      if (data.size() < 4) return out;
      EXPECT_TRUE(core::Decompress(core::Codec::kSnappy,
                                   std::string_view(data).substr(0, data.size() - 4), &out)
                      .ok());
      const auto* p = reinterpret_cast<const uint8_t*>(data.data() + data.size() - 4);
      const uint32_t crc =
          (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
      EXPECT_EQ(crc, core::Crc32(out)) << "snappy block CRC-32";
    } else {
      ADD_FAILURE() << "unknown codec " << codec;
    }
    return out;
  }

 private:
  int64_t ReadLong() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) {
        ok_ = false;
        return 0;
      }
      const auto b = static_cast<uint8_t>(in_[at_++]);
      v |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
    }
    ok_ = false;
    return 0;
  }

  std::string Take(size_t n) {
    if (!ok_ || n > in_.size() - at_) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }

  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace cdc::avro::test
