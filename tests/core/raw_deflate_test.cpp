// Raw DEFLATE (RFC 1951): round trips, no zlib/gzip framing, and typed errors with messages.
#include "core/raw_deflate.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace core {
namespace {

TEST(RawDeflateTest, RoundTripsEmptySmallAndLargeInputs) {
  std::mt19937_64 rng(7);
  std::string random(300'000, '\0');
  for (char& c : random)
    c = static_cast<char>(rng() % 7);  // compressible, but not trivially
  for (const std::string& in :
       {std::string(), std::string("a"), std::string(100'000, 'x'), random}) {
    std::string packed;
    ASSERT_TRUE(RawDeflateCompress(in, &packed).ok());
    std::string back;
    ASSERT_TRUE(RawDeflateDecompress(packed, &back).ok());
    EXPECT_EQ(back, in);
  }
}

TEST(RawDeflateTest, HasNoZlibOrGzipHeader) {
  std::string packed;
  ASSERT_TRUE(RawDeflateCompress("hello hello hello", &packed, 9).ok());
  // A zlib stream starts 0x78; gzip 0x1f 0x8b. A raw stream starts with a block header whose
  // low bits (BFINAL=1, BTYPE=01 fixed Huffman here) give 0x?b.
  ASSERT_FALSE(packed.empty());
  EXPECT_NE(static_cast<uint8_t>(packed[0]), 0x78);
  EXPECT_NE(static_cast<uint8_t>(packed[0]), 0x1f);
  EXPECT_EQ(static_cast<uint8_t>(packed[0]) & 0x07, 0x03);
}

TEST(RawDeflateTest, LevelsAreCheckedAndAllRoundTrip) {
  const std::string in(5000, 'q');
  for (int level : {0, 1, 6, 9, kDefaultLevel}) {
    std::string packed;
    ASSERT_TRUE(RawDeflateCompress(in, &packed, level).ok()) << level;
    std::string back;
    ASSERT_TRUE(RawDeflateDecompress(packed, &back).ok());
    EXPECT_EQ(back, in);
  }
  std::string packed;
  Status st = RawDeflateCompress(in, &packed, 10);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "invalid deflate level 10; expected 0..9");
}

TEST(RawDeflateTest, CorruptAndTruncatedInputAreDataLoss) {
  std::string packed;
  ASSERT_TRUE(RawDeflateCompress(std::string(1000, 'z') + "tail", &packed).ok());
  std::string out;
  Status truncated =
      RawDeflateDecompress(std::string_view(packed).substr(0, packed.size() - 2), &out);
  EXPECT_EQ(truncated.code(), ErrorCode::kDataLoss);
  EXPECT_EQ(truncated.message(), "deflate: truncated input");
  Status empty = RawDeflateDecompress("", &out);
  EXPECT_EQ(empty.message(), "deflate: truncated input");
  Status corrupt = RawDeflateDecompress("\xff\xff\xff\xff", &out);
  EXPECT_EQ(corrupt.code(), ErrorCode::kDataLoss);
  EXPECT_EQ(corrupt.message(), "deflate: corrupt input: invalid block type");
  Status trailing = RawDeflateDecompress(packed + "x", &out);
  EXPECT_EQ(trailing.message(), "deflate: corrupt input: data after the end of the stream");
}

}  // namespace
}  // namespace core
