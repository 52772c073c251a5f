// Malformed, truncated and too-deep BSON: every case returns a Status naming the problem and its
// byte offset, and leaves the output as it was.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "cdc/event/extended_json.h"

namespace cdc {
namespace {

using Bytes = std::vector<uint8_t>;

// Sets the little-endian int32 length header at `at` to the size of raw[at, end).
void FixLength(Bytes* raw, size_t at, size_t end) {
  const uint32_t n = static_cast<uint32_t>(end - at);
  std::memcpy(raw->data() + at, &n, 4);
}

core::Status Convert(const Bytes& raw, std::string* out) {
  return AppendExtendedJson(raw.data(), raw.size(), JsonMode::kRelaxed, out);
}

void ExpectDataLoss(const Bytes& raw, const std::string& message) {
  std::string out = "keep";
  const core::Status st = Convert(raw, &out);
  EXPECT_EQ(st.code(), core::ErrorCode::kDataLoss) << st.ToString();
  EXPECT_EQ(st.message(), message);
  EXPECT_EQ(out, "keep");
}

TEST(ExtendedJsonErrorsTest, TooShortBuffer) {
  ExpectDataLoss({5, 0, 0},
                 "BSON document at offset 0 is truncated: 3 bytes, a document needs at least 5");
  ExpectDataLoss({},
                 "BSON document at offset 0 is truncated: 0 bytes, a document needs at least 5");
}

TEST(ExtendedJsonErrorsTest, LengthHeaderDisagreesWithBuffer) {
  ExpectDataLoss({20, 0, 0, 0, 0},
                 "BSON document at offset 0 has length header 20 but 5 bytes are available");
}

TEST(ExtendedJsonErrorsTest, MissingTerminator) {
  ExpectDataLoss({5, 0, 0, 0, 7},
                 "BSON document at offset 0 does not end with a NUL byte (found 0x07 at offset 4)");
}

TEST(ExtendedJsonErrorsTest, StringLengthPastTheEnd) {
  // {"a": string claiming 5 bytes, only "x\0" present}
  ExpectDataLoss({13, 0, 0, 0, 0x02, 'a', 0, 5, 0, 0, 0, 'x', 0},
                 "malformed BSON element at offset 4 (key \"a\", type 0x02): value is truncated or "
                 "its length is out of bounds (at offset 7)");
}

TEST(ExtendedJsonErrorsTest, UnknownType) {
  ExpectDataLoss({12, 0, 0, 0, 0x20, 'a', 0, 1, 2, 3, 4, 0},
                 "malformed BSON element at offset 4 (key \"a\", type 0x20): unknown BSON type");
}

TEST(ExtendedJsonErrorsTest, EarlyEndOfDocument) {
  ExpectDataLoss({12, 0, 0, 0, 0x00, 'a', 0, 1, 2, 3, 4, 0},
                 "malformed BSON element at offset 4 (key \"a\", type 0x00): document ends before "
                 "its length header says");
}

TEST(ExtendedJsonErrorsTest, KeyRunsIntoTerminator) {
  // An int32 element whose key ends at the document's own terminator: no room for the value.
  ExpectDataLoss({9, 0, 0, 0, 0x10, 'a', 'b', 'c', 0},
                 "malformed BSON element at offset 4 (key \"abc\", type 0x10): value is truncated "
                 "or its length is out of bounds (at offset 9)");
}

TEST(ExtendedJsonErrorsTest, EmbeddedDocumentWithoutTerminator) {
  // {"ok": 1, "d": {5-byte document whose last byte is 0x01}}
  Bytes raw = {0, 0, 0, 0, 0x10, 'o', 'k', 0, 1, 0, 0, 0, 0x03, 'd', 0, 5, 0, 0, 0, 1, 0};
  FixLength(&raw, 0, raw.size());
  ExpectDataLoss(
      raw, "BSON document at offset 15 does not end with a NUL byte (found 0x01 at offset 19)");
}

TEST(ExtendedJsonErrorsTest, EmbeddedDocumentLengthPastItsParent) {
  Bytes raw = {0, 0, 0, 0, 0x03, 'd', 0, 50, 0, 0, 0, 0, 0};
  FixLength(&raw, 0, raw.size());
  ExpectDataLoss(raw,
                 "malformed BSON element at offset 4 (key \"d\", type 0x03): value is truncated or "
                 "its length is out of bounds (at offset 7)");
}

TEST(ExtendedJsonErrorsTest, BadCodeWithScope) {
  // {"c": code_w_scope whose scope length disagrees with the total}
  Bytes raw = {0, 0, 0, 0, 0x0F, 'c', 0, 19, 0, 0, 0, 2, 0, 0, 0, 'f', 0, 6, 0, 0, 0, 0, 0};
  FixLength(&raw, 0, raw.size());
  ExpectDataLoss(raw,
                 "malformed BSON element at offset 4 (key \"c\", type 0x0f): value is truncated or "
                 "its length is out of bounds (at offset 7)");
}

TEST(ExtendedJsonErrorsTest, BadOldBinaryInnerLength) {
  // {"b": binary subtype 0x02, 6 bytes whose inner length says 3 (must be 2)}
  Bytes raw = {0, 0, 0, 0, 0x05, 'b', 0, 6, 0, 0, 0, 2, 3, 0, 0, 0, 0xff, 0xff, 0};
  FixLength(&raw, 0, raw.size());
  ExpectDataLoss(raw,
                 "malformed BSON element at offset 4 (key \"b\", type 0x05): value is truncated or "
                 "its length is out of bounds (at offset 12)");
}

// Nested {"a": {"a": ... {}}} with `levels` documents in all (the outermost counts).
Bytes Nested(int levels) {
  Bytes raw;
  for (int i = 1; i < levels; ++i) {
    const Bytes head = {0, 0, 0, 0, 0x03, 'a', 0};
    raw.insert(raw.end(), head.begin(), head.end());
  }
  const Bytes innermost = {5, 0, 0, 0, 0};
  raw.insert(raw.end(), innermost.begin(), innermost.end());
  for (int i = levels - 1; i >= 1; --i) {
    raw.push_back(0);
    FixLength(&raw, static_cast<size_t>(i - 1) * 7, raw.size());
  }
  return raw;
}

TEST(ExtendedJsonErrorsTest, NestingLimit) {
  std::string out;
  ASSERT_TRUE(Convert(Nested(kMaxExtendedJsonDepth), &out).ok());
  EXPECT_EQ(out.size(), 6u * (kMaxExtendedJsonDepth - 1) + 2);  // {"a": ... {} ... }
  out = "keep";
  const core::Status st = Convert(Nested(kMaxExtendedJsonDepth + 1), &out);
  EXPECT_EQ(st.code(), core::ErrorCode::kOutOfRange);
  EXPECT_EQ(st.message(), "BSON nesting deeper than 200 levels at offset 1400");
  EXPECT_EQ(out, "keep");
}

TEST(ExtendedJsonErrorsTest, ErrorInsideSingleValueKeepsOutput) {
  Bytes raw = {0, 0, 0, 0, 0x03, 'd', 0, 5, 0, 0, 0, 1, 0};
  FixLength(&raw, 0, raw.size());
  bson_iter_t it;
  ASSERT_TRUE(bson_iter_init_from_data(&it, raw.data(), raw.size()));
  ASSERT_TRUE(bson_iter_next(&it));
  std::string out = "keep";
  const core::Status st = AppendExtendedJsonValue(it, JsonMode::kCanonical, &out);
  EXPECT_EQ(st.code(), core::ErrorCode::kDataLoss);
  EXPECT_EQ(st.message(),
            "BSON document at offset 7 does not end with a NUL byte (found 0x01 at offset 11)");
  EXPECT_EQ(out, "keep");
}

}  // namespace
}  // namespace cdc
