// Avro binary encoding against hand-computed bytes (Avro 1.11 specification, "Binary Encoding").
#include "cdc/format/avro/binary_encoding.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace cdc::avro {
namespace {

std::string Long(int64_t v) {
  std::string out;
  AppendLong(v, &out);
  return out;
}

TEST(AvroZigZagTest, SmallMagnitudesStaySmall) {
  EXPECT_EQ(ZigZag(0), 0u);
  EXPECT_EQ(ZigZag(-1), 1u);
  EXPECT_EQ(ZigZag(1), 2u);
  EXPECT_EQ(ZigZag(-2), 3u);
  EXPECT_EQ(ZigZag(2), 4u);
  EXPECT_EQ(ZigZag(-64), 127u);
  EXPECT_EQ(ZigZag(std::numeric_limits<int64_t>::max()), 0xFFFFFFFFFFFFFFFEu);
  EXPECT_EQ(ZigZag(std::numeric_limits<int64_t>::min()), 0xFFFFFFFFFFFFFFFFu);
}

TEST(AvroVarintTest, LongsMatchTheSpecificationTable) {
  EXPECT_EQ(Long(0), std::string("\x00", 1));
  EXPECT_EQ(Long(-1), "\x01");
  EXPECT_EQ(Long(1), "\x02");
  EXPECT_EQ(Long(-2), "\x03");
  EXPECT_EQ(Long(2), "\x04");
  EXPECT_EQ(Long(-64), "\x7f");
  EXPECT_EQ(Long(64), "\x80\x01");
}

TEST(AvroVarintTest, MultiByteLongs) {
  EXPECT_EQ(Long(150), "\xac\x02");        // zig-zag 300 = 0b10'0101100
  EXPECT_EQ(Long(8192), "\x80\x80\x01");   // zig-zag 16384 = 2^14
  EXPECT_EQ(Long(-8193), "\x81\x80\x01");  // zig-zag 16385
  EXPECT_EQ(Long(1736937045000), "\x90\xf0\x9f\x98\x8d\x65");
  EXPECT_EQ(Long(std::numeric_limits<int64_t>::max()),
            "\xfe\xff\xff\xff\xff\xff\xff\xff\xff\x01");  // 64 bits: ten bytes
  EXPECT_EQ(Long(std::numeric_limits<int64_t>::min()), "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
}

TEST(AvroVarintTest, IntsUseTheSameEncoding) {
  std::string out;
  AppendInt(-1, &out);
  AppendInt(std::numeric_limits<int32_t>::min(), &out);  // zig-zag 2^32 - 1
  AppendInt(std::numeric_limits<int32_t>::max(), &out);  // zig-zag 2^32 - 2
  EXPECT_EQ(out, "\x01\xff\xff\xff\xff\x0f\xfe\xff\xff\xff\x0f");
}

TEST(AvroStringTest, LengthPrefixedBytes) {
  std::string out;
  AppendString("foo", &out);  // the specification's example
  EXPECT_EQ(out,
            "\x06"
            "foo");
  out.clear();
  AppendString("", &out);
  EXPECT_EQ(out, std::string("\x00", 1));
  out.clear();
  AppendString("Caf\xC3\xA9", &out);  // 5 UTF-8 bytes, not 4 characters
  EXPECT_EQ(out,
            "\x0a"
            "Caf\xC3\xA9");
}

TEST(AvroBytesTest, EmbeddedNulsAndLongValues) {
  std::string out;
  AppendBytes(std::string_view("a\0b", 3), &out);
  EXPECT_EQ(out, std::string("\x06"
                             "a\0b",
                             4));
  out.clear();
  const std::string big(200, 'x');
  AppendBytes(big, &out);
  EXPECT_EQ(out, "\x90\x03" + big);  // zig-zag 400 = 0b11'0010000
}

TEST(AvroUnionTest, BranchIndexThenValue) {
  // ["null","string"]: null is branch 0 with no value; "a" is branch 1 then the string.
  std::string out;
  AppendUnionBranch(0, &out);
  AppendUnionBranch(1, &out);
  AppendString("a", &out);
  EXPECT_EQ(out, std::string("\x00\x02\x02"
                             "a",
                             4));
}

TEST(AvroArrayTest, OneBlockThenTheEmptyBlock) {
  // The specification's example: array<long> [3, 27] -> 04 06 36 00.
  std::string out;
  AppendLong(2, &out);
  AppendLong(3, &out);
  AppendLong(27, &out);
  AppendEndOfBlocks(&out);
  EXPECT_EQ(out, std::string("\x04\x06\x36\x00", 4));
  out.clear();
  AppendLong(2, &out);
  AppendString("a", &out);
  AppendString("bc", &out);
  AppendEndOfBlocks(&out);
  EXPECT_EQ(out, std::string("\x04\x02"
                             "a\x04"
                             "bc\x00",
                             7));
  out.clear();
  AppendEndOfBlocks(&out);  // the empty array
  EXPECT_EQ(out, std::string("\x00", 1));
}

}  // namespace
}  // namespace cdc::avro
