#include "core/codec.h"

#include <cstdint>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "core/codec_stream.h"

namespace core {
namespace {

// Deterministic JSON-ish text: compressible but not trivially.
std::string Text(size_t n, uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::string s;
  s.reserve(n + 64);
  while (s.size() < n) {
    s += R"({"op":"insert","ns":"shop.orders","_id":)";
    s += std::to_string(rng() % 1'000'000);
    s += R"(,"qty":)";
    s += std::to_string(rng() % 100);
    s += "}\n";
  }
  s.resize(n);
  return s;
}

std::string Random(size_t n, uint64_t seed = 2) {
  std::mt19937_64 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s)
    c = static_cast<char>(rng());
  return s;
}

TEST(CodecTest, ParseAcceptsTheFourNamesInAnyCase) {
  EXPECT_EQ(*ParseCodec("none"), Codec::kNone);
  EXPECT_EQ(*ParseCodec("gzip"), Codec::kGzip);
  EXPECT_EQ(*ParseCodec("ZSTD"), Codec::kZstd);
  EXPECT_EQ(*ParseCodec("Snappy"), Codec::kSnappy);
}

TEST(CodecTest, ParseRejectsOthersWithTheChoices) {
  Result<Codec> r = ParseCodec("lz4");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            R"(invalid compression "lz4"; expected one of: none, gzip, zstd, snappy)");
  EXPECT_EQ(ParseCodec("").status().message(),
            R"(invalid compression ""; expected one of: none, gzip, zstd, snappy)");
}

TEST(CodecTest, NamesAndSuffixes) {
  EXPECT_EQ(CodecName(Codec::kZstd), "zstd");
  EXPECT_EQ(FileSuffix(Codec::kNone), "");
  EXPECT_EQ(FileSuffix(Codec::kGzip), ".gz");
  EXPECT_EQ(FileSuffix(Codec::kZstd), ".zst");
  EXPECT_EQ(FileSuffix(Codec::kSnappy), ".snappy");
  EXPECT_FALSE(SupportsStreaming(Codec::kSnappy));
  EXPECT_TRUE(SupportsStreaming(Codec::kGzip));
}

TEST(CodecTest, LevelsAreValidated) {
  std::string out;
  EXPECT_EQ(Compress(Codec::kGzip, "x", &out, 10).message(),
            "invalid gzip level 10; expected 0..9");
  EXPECT_EQ(Compress(Codec::kZstd, "x", &out, 23).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Compress(Codec::kZstd, "x", &out, 19).ok());
  EXPECT_TRUE(Compress(Codec::kGzip, "x", &out, 1).ok());
}

class CodecRoundTrip : public ::testing::TestWithParam<Codec> {};

TEST_P(CodecRoundTrip, EmptySmallLargeAndIncompressible) {
  const Codec codec = GetParam();
  for (const std::string& input :
       {std::string(), std::string("a"), Text(1000), Text(5 << 20), Random(1 << 20)}) {
    std::string packed, unpacked;
    ASSERT_TRUE(Compress(codec, input, &packed).ok());
    Status st = Decompress(codec, packed, &unpacked);
    ASSERT_TRUE(st.ok()) << CodecName(codec) << " size " << input.size() << ": " << st.ToString();
    ASSERT_EQ(unpacked, input);
    if (codec != Codec::kNone && input.size() == (5u << 20)) {
      EXPECT_LT(packed.size(), input.size() / 3) << CodecName(codec);
    }
  }
}

TEST_P(CodecRoundTrip, ReusesTheOutputBuffer) {
  const Codec codec = GetParam();
  const std::string input = Text(256 << 10);
  std::string packed, unpacked;
  ASSERT_TRUE(Compress(codec, input, &packed).ok());
  ASSERT_TRUE(Decompress(codec, packed, &unpacked).ok());
  const char* packed_data = packed.data();
  const char* unpacked_data = unpacked.data();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Compress(codec, input, &packed).ok());
    ASSERT_TRUE(Decompress(codec, packed, &unpacked).ok());
    EXPECT_EQ(packed.data(), packed_data) << "compress reallocated";
    EXPECT_EQ(unpacked.data(), unpacked_data) << "decompress reallocated";
  }
  EXPECT_EQ(unpacked, input);
}

INSTANTIATE_TEST_SUITE_P(All, CodecRoundTrip,
                         ::testing::Values(Codec::kNone, Codec::kGzip, Codec::kZstd,
                                           Codec::kSnappy),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(CodecTest, GzipLevelChangesOutput) {
  const std::string input = Text(1 << 20);
  std::string fast, best, back;
  ASSERT_TRUE(Compress(Codec::kGzip, input, &fast, 1).ok());
  ASSERT_TRUE(Compress(Codec::kGzip, input, &best, 9).ok());
  EXPECT_LT(best.size(), fast.size());
  ASSERT_TRUE(Decompress(Codec::kGzip, fast, &back).ok());
  EXPECT_EQ(back, input);
}

TEST(CodecTest, ConcatenatedMembersAndFramesDecodeOneShot) {
  for (Codec codec : {Codec::kGzip, Codec::kZstd}) {
    std::string a, b, out;
    ASSERT_TRUE(Compress(codec, "hello ", &a).ok());
    ASSERT_TRUE(Compress(codec, "world", &b).ok());
    ASSERT_TRUE(Decompress(codec, a + b, &out).ok()) << CodecName(codec);
    EXPECT_EQ(out, "hello world");
  }
}

TEST(CodecTest, CorruptInputNamesTheCodecAndTheProblem) {
  std::string out;
  Status gz = Decompress(Codec::kGzip, "this is not gzip at all", &out);
  EXPECT_EQ(gz.code(), ErrorCode::kDataLoss);
  EXPECT_EQ(gz.message(), "gzip: corrupt input: incorrect header check");

  Status zs = Decompress(Codec::kZstd, "this is not zstd at all", &out);
  EXPECT_EQ(zs.code(), ErrorCode::kDataLoss);
  EXPECT_EQ(zs.message(), "zstd: corrupt input: Unknown frame descriptor");

  Status sn = Decompress(Codec::kSnappy, std::string("\xff\xff\xff\xff\xff\xff", 6), &out);
  EXPECT_EQ(sn.code(), ErrorCode::kDataLoss);
  EXPECT_EQ(sn.message(), "snappy: corrupt input: invalid length header");

  Status big = Decompress(Codec::kSnappy, std::string("\x80\x80\x80\x10zz", 6), &out);
  EXPECT_EQ(big.message(),
            "snappy: corrupt input: declared length 33554432 exceeds what a 6-byte block can hold");

  EXPECT_EQ(Decompress(Codec::kGzip, "", &out).message(), "gzip: truncated input: no data");
}

TEST(CodecTest, TruncatedInputIsDataLoss) {
  const std::string input = Text(100'000);
  std::string packed, out;
  ASSERT_TRUE(Compress(Codec::kGzip, input, &packed).ok());
  Status gz = Decompress(Codec::kGzip, std::string_view(packed).substr(0, packed.size() / 2), &out);
  EXPECT_EQ(gz.code(), ErrorCode::kDataLoss);
  EXPECT_EQ(gz.message(), "gzip: truncated input: stream ended inside a member");

  ASSERT_TRUE(Compress(Codec::kZstd, input, &packed).ok());
  Status zs = Decompress(Codec::kZstd, std::string_view(packed).substr(0, packed.size() / 2), &out);
  EXPECT_EQ(zs.code(), ErrorCode::kDataLoss);
  EXPECT_EQ(zs.message(), "zstd: truncated input: stream ended inside a frame");
}

TEST(CodecTest, FlippedBytesAreDetected) {
  const std::string input = Text(100'000);
  for (Codec codec : {Codec::kGzip, Codec::kZstd}) {
    std::string packed, out;
    ASSERT_TRUE(Compress(codec, input, &packed).ok());
    packed[packed.size() - 6] ^= 0x55;  // inside the checksum trailer
    Status st = Decompress(codec, packed, &out);
    EXPECT_EQ(st.code(), ErrorCode::kDataLoss) << CodecName(codec);
    EXPECT_EQ(st.message().rfind(std::string(CodecName(codec)) + ": corrupt input: ", 0), 0u)
        << st.message();
  }
}

// --- streaming ---

class StreamRoundTrip : public ::testing::TestWithParam<Codec> {};

TEST_P(StreamRoundTrip, ChunksOfAnySizeRoundTrip) {
  const Codec codec = GetParam();
  const std::string input = Text(3 << 20);
  for (size_t chunk : {size_t{1} << 20, size_t{7777}, size_t{1}}) {
    const std::string in = chunk == 1 ? input.substr(0, 20'000) : input;
    std::string packed, back;
    auto c = NewStreamCompressor(codec, &packed);
    ASSERT_TRUE(c.ok());
    for (size_t off = 0; off < in.size(); off += chunk) {
      ASSERT_TRUE((*c)->Write(std::string_view(in).substr(off, chunk)).ok());
    }
    ASSERT_TRUE((*c)->Finish().ok());
    auto d = NewStreamDecompressor(codec, &back);
    ASSERT_TRUE(d.ok());
    for (size_t off = 0; off < packed.size(); off += chunk) {
      Status st = (*d)->Write(std::string_view(packed).substr(off, chunk));
      ASSERT_TRUE(st.ok()) << st.ToString();
    }
    Status fin = (*d)->Finish();
    ASSERT_TRUE(fin.ok()) << fin.ToString() << " chunk " << chunk;
    ASSERT_EQ(back, in) << CodecName(codec) << " chunk " << chunk;
    // And the one-shot decoder reads the streamed output.
    std::string one_shot;
    ASSERT_TRUE(Decompress(codec, packed, &one_shot).ok());
    ASSERT_EQ(one_shot, in);
  }
}

TEST_P(StreamRoundTrip, EmptyStream) {
  std::string packed, back;
  auto c = NewStreamCompressor(GetParam(), &packed);
  ASSERT_TRUE((*c)->Finish().ok());
  auto d = NewStreamDecompressor(GetParam(), &back);
  ASSERT_TRUE((*d)->Write(packed).ok());
  ASSERT_TRUE((*d)->Finish().ok());
  EXPECT_EQ(back, "");
}

INSTANTIATE_TEST_SUITE_P(All, StreamRoundTrip,
                         ::testing::Values(Codec::kNone, Codec::kGzip, Codec::kZstd),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

// FNV-1a, to compare 64+ MB streams without keeping copies.
struct Fnv {
  uint64_t h = 1469598103934665603ull;
  uint64_t n = 0;
  void Add(std::string_view s) {
    for (unsigned char c : s)
      h = (h ^ c) * 1099511628211ull;
    n += s.size();
  }
};

TEST(StreamCodecTest, LargeStreamsOver64MiBRoundTrip) {
  const std::string block = Text(1 << 20, 11);
  const std::string noise = Random(64 << 10, 12);
  for (Codec codec : {Codec::kGzip, Codec::kZstd}) {
    Fnv in_hash, out_hash;
    uint64_t compressed = 0;
    auto d = NewStreamDecompressor(codec, [&](std::string_view s) {
      out_hash.Add(s);
      return Status::Ok();
    });
    ASSERT_TRUE(d.ok());
    StreamDecompressor* dec = d->get();
    // Compressed bytes flow straight into the decompressor.
    auto c = NewStreamCompressor(
        codec,
        [&](std::string_view s) {
          compressed += s.size();
          return dec->Write(s);
        },
        1);
    ASSERT_TRUE(c.ok());
    for (int i = 0; i < 66; ++i) {
      std::string chunk = block;
      chunk.replace(static_cast<size_t>(i) * 1000, noise.size() / 8, noise, 0, noise.size() / 8);
      in_hash.Add(chunk);
      ASSERT_TRUE((*c)->Write(chunk).ok());
    }
    ASSERT_TRUE((*c)->Finish().ok());
    ASSERT_TRUE(dec->Finish().ok());
    EXPECT_EQ(in_hash.n, 66u << 20);
    EXPECT_EQ(out_hash.n, in_hash.n) << CodecName(codec);
    EXPECT_EQ(out_hash.h, in_hash.h) << CodecName(codec);
    EXPECT_LT(compressed, in_hash.n / 2);
  }
}

TEST(StreamCodecTest, TruncatedStreamFailsAtFinish) {
  for (Codec codec : {Codec::kGzip, Codec::kZstd}) {
    std::string packed, back;
    auto c = NewStreamCompressor(codec, &packed);
    ASSERT_TRUE((*c)->Write(Text(50'000)).ok());
    ASSERT_TRUE((*c)->Finish().ok());
    auto d = NewStreamDecompressor(codec, &back);
    ASSERT_TRUE((*d)->Write(std::string_view(packed).substr(0, packed.size() - 3)).ok());
    Status st = (*d)->Finish();
    EXPECT_EQ(st.code(), ErrorCode::kDataLoss);
    EXPECT_EQ(st.message(), codec == Codec::kGzip
                                ? "gzip: truncated input: stream ended inside a member"
                                : "zstd: truncated input: stream ended inside a frame");
  }
}

TEST(StreamCodecTest, CorruptStreamFailsWithTheCodecName) {
  std::string back;
  auto d = NewStreamDecompressor(Codec::kZstd, &back);
  Status st = (*d)->Write("definitely not zstd");
  EXPECT_EQ(st.message(), "zstd: corrupt input: Unknown frame descriptor");
  EXPECT_EQ((*d)->Finish(), st);  // stays failed
  auto g = NewStreamDecompressor(Codec::kGzip, &back);
  EXPECT_EQ((*g)->Write("definitely not gzip").message(),
            "gzip: corrupt input: incorrect header check");
}

TEST(StreamCodecTest, SinkErrorsPropagate) {
  auto c = NewStreamCompressor(Codec::kZstd,
                               [](std::string_view) { return ResourceExhausted("disk full"); });
  Status st = (*c)->Write(Text(1000));
  if (st.ok()) st = (*c)->Finish();
  EXPECT_EQ(st, ResourceExhausted("disk full"));
}

TEST(StreamCodecTest, SnappyHasNoStreamingForm) {
  std::string out;
  auto c = NewStreamCompressor(Codec::kSnappy, &out);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            R"(compression "snappy" has no streaming form (raw blocks only))");
}

}  // namespace
}  // namespace core
