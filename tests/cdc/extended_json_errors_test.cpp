// Malformed, truncated and too-deep BSON: every case returns a Status naming the problem and its
// byte offset, and leaves the output as it was.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cdc/event/extended_json.h"
#include "random_bson.h"

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

TEST(ExtendedJsonErrorsTest, CodeWithScopeStringWithoutTerminator) {
  // {"c": code_w_scope {total 15, code "f" whose NUL is 'X', scope {}}}
  Bytes raw = {0, 0, 0, 0, 0x0F, 'c', 0, 15, 0, 0, 0, 2, 0, 0, 0, 'f', 'X', 5, 0, 0, 0, 0, 0};
  FixLength(&raw, 0, raw.size());
  ExpectDataLoss(raw,
                 "malformed BSON element at offset 4 (key \"c\", type 0x0f): string is not "
                 "NUL-terminated (found 0x58 at offset 16)");
}

TEST(ExtendedJsonErrorsTest, BooleanOtherThanZeroOrOne) {
  ExpectDataLoss({9, 0, 0, 0, 0x08, 'b', 0, 2, 0},
                 "malformed BSON element at offset 4 (key \"b\", type 0x08): boolean byte 0x02 is "
                 "neither 0 nor 1");
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

// An independent structural check of BSON per the BSON 1.1 specification (bsonspec.org): frame
// lengths, terminators, per-type value sizes, string terminators, the old binary subtype's inner
// length, code-with-scope's total length. No UTF-8 check (the writer repairs UTF-8). Used as the
// oracle below because libbson 1.23 is not one: bson_validate stops checking after the first
// code-with-scope, and bson_as_json accepts an embedded document without its terminator.
bool WellFormedDocument(const uint8_t* d, size_t len);

bool ReadInt32(const uint8_t* p, size_t room, int32_t* v) {
  if (room < 4) return false;
  std::memcpy(v, p, 4);
  return true;
}

// A BSON string (int32 length incl. NUL, bytes, NUL) at p; sets *size to its encoded size.
bool WellFormedString(const uint8_t* p, size_t room, size_t* size) {
  int32_t n;
  if (!ReadInt32(p, room, &n) || n < 1 || static_cast<size_t>(n) > room - 4) return false;
  *size = 4 + static_cast<size_t>(n);
  return p[*size - 1] == 0;
}

bool WellFormedCString(const uint8_t* p, size_t room, size_t* size) {
  const void* nul = std::memchr(p, 0, room);
  if (nul == nullptr) return false;
  *size = static_cast<size_t>(static_cast<const uint8_t*>(nul) - p) + 1;
  return true;
}

bool WellFormedDocument(const uint8_t* d, size_t len) {
  int32_t declared;
  if (!ReadInt32(d, len, &declared) || len < 5 || static_cast<size_t>(declared) != len ||
      d[len - 1] != 0) {
    return false;
  }
  size_t at = 4;
  while (at < len - 1) {
    const uint8_t type = d[at++];
    size_t key_size;
    if (!WellFormedCString(d + at, len - 1 - at, &key_size)) return false;
    at += key_size;
    const uint8_t* v = d + at;
    const size_t room = len - 1 - at;  // the value may not use the terminator
    size_t size = 0;
    int32_t n = 0;
    switch (type) {
      case 0x01:
      case 0x09:
      case 0x11:
      case 0x12:
        size = 8;
        break;
      case 0x10:
        size = 4;
        break;
      case 0x07:
        size = 12;
        break;
      case 0x13:
        size = 16;
        break;
      case 0x08:
        if (room < 1 || v[0] > 1) return false;
        size = 1;
        break;
      case 0x06:
      case 0x0A:
      case 0x7F:
      case 0xFF:
        size = 0;
        break;
      case 0x02:
      case 0x0D:
      case 0x0E:
        if (!WellFormedString(v, room, &size)) return false;
        break;
      case 0x03:
      case 0x04:
        if (!ReadInt32(v, room, &n) || n < 5 || static_cast<size_t>(n) > room) return false;
        size = static_cast<size_t>(n);
        if (!WellFormedDocument(v, size)) return false;
        break;
      case 0x05:
        if (!ReadInt32(v, room, &n) || n < 0 || static_cast<size_t>(n) + 5 > room) return false;
        size = 5 + static_cast<size_t>(n);
        if (v[4] == 0x02) {
          int32_t inner;
          if (n < 4 || !ReadInt32(v + 5, 4, &inner) || inner != n - 4) return false;
        }
        break;
      case 0x0B: {
        size_t pattern;
        size_t options;
        if (!WellFormedCString(v, room, &pattern) ||
            !WellFormedCString(v + pattern, room - pattern, &options)) {
          return false;
        }
        size = pattern + options;
        break;
      }
      case 0x0C:
        if (!WellFormedString(v, room, &size) || size + 12 > room) return false;
        size += 12;
        break;
      case 0x0F: {
        size_t code;
        if (!ReadInt32(v, room, &n) || n < 14 || static_cast<size_t>(n) > room ||
            !WellFormedString(v + 4, static_cast<size_t>(n) - 4, &code)) {
          return false;
        }
        size = static_cast<size_t>(n);
        if (!WellFormedDocument(v + 4 + code, size - 4 - code)) return false;
        break;
      }
      default:
        return false;
    }
    if (size > room) return false;
    at += size;
  }
  return true;
}

// Random valid documents with bytes overwritten, inserted or cut off: the writer never reads out
// of bounds (run it under ASan: the Sanitize build), accepts exactly the inputs the check above
// calls well-formed, and emits valid JSON whenever it succeeds.
TEST(ExtendedJsonErrorsTest, MutatedDocumentsAreRejectedOrWrittenAsValidJson) {
  RandomBson random(77);
  std::mt19937_64 rng(78);
  simdjson::dom::parser parser;
  int accepted = 0;
  int rejected = 0;
  for (int i = 0; i < 3000; ++i) {
    bson_t doc;
    bson_init(&doc);
    random.Fill(&doc);
    Bytes raw(bson_get_data(&doc), bson_get_data(&doc) + doc.len);
    bson_destroy(&doc);
    switch (rng() % 3) {
      case 0:  // overwrite 1-3 bytes
        for (int k = 1 + static_cast<int>(rng() % 3); k > 0; --k) {
          raw[rng() % raw.size()] = static_cast<uint8_t>(rng());
        }
        break;
      case 1:  // cut the tail, keeping the length header consistent
        raw.resize(5 + rng() % (raw.size() - 4));
        FixLength(&raw, 0, raw.size());
        break;
      default:  // insert a byte, keeping the length header consistent
        raw.insert(raw.begin() + 4 + static_cast<long>(rng() % (raw.size() - 4)),
                   static_cast<uint8_t>(rng()));
        FixLength(&raw, 0, raw.size());
        break;
    }
    std::string out;
    const core::Status st = Convert(raw, &out);
    const bool well_formed = WellFormedDocument(raw.data(), raw.size());
    if (st.ok()) {
      ++accepted;
      simdjson::dom::element element;
      ASSERT_EQ(parser.parse(out).get(element), simdjson::SUCCESS) << out;
    } else {
      ++rejected;
      ASSERT_TRUE(out.empty());
      ASSERT_TRUE(st.code() == core::ErrorCode::kDataLoss ||
                  st.code() == core::ErrorCode::kOutOfRange)
          << st.ToString();
    }
    ASSERT_EQ(st.ok(), well_formed) << "mutation " << i << ": " << st.ToString();
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace cdc
