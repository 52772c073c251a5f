// ResumeTokenClusterTime: the cluster time in a KeyString resume token, and nothing for tokens
// of any other shape.
#include "cdc/source/resume_token.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace cdc {
namespace {

std::optional<BsonTimestamp> TimeOf(const bson_t* token) {
  return ResumeTokenClusterTime(BsonView::Of(token));
}

std::optional<BsonTimestamp> TimeOfData(const std::string& data) {
  bson_t* token = BCON_NEW("_data", BCON_UTF8(data.c_str()));
  auto t = TimeOf(token);
  bson_destroy(token);
  return t;
}

TEST(ResumeTokenClusterTime, ReadsSecondsAndIncrement) {
  // MongoDB 7 token of Timestamp(1700000000, 5) followed by the rest of the KeyString.
  auto t = TimeOfData("826553F1000000000522C0100004" + std::string(20, 'A'));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 1700000000u);
  EXPECT_EQ(t->increment, 5u);
}

TEST(ResumeTokenClusterTime, ExactlyEighteenHexDigitsAndLowerCase) {
  auto t = TimeOfData("82ffffffff00000001");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->seconds, 0xFFFFFFFFu);
  EXPECT_EQ(t->increment, 1u);
}

TEST(ResumeTokenClusterTime, TokensAreOrderedByTheirTime) {
  auto a = TimeOfData("8265000000000000010000");
  auto b = TimeOfData("8265000000000000020000");
  auto c = TimeOfData("8265000001000000000000");
  ASSERT_TRUE(a && b && c);
  EXPECT_LT(*a, *b);
  EXPECT_LT(*b, *c);
}

TEST(ResumeTokenClusterTime, OtherShapesAreOpaque) {
  EXPECT_FALSE(TimeOfData("").has_value());
  EXPECT_FALSE(TimeOfData("82655").has_value());               // too short
  EXPECT_FALSE(TimeOfData("8265000000000000").has_value());    // 16 digits
  EXPECT_FALSE(TimeOfData("016553F10000000005").has_value());  // not the timestamp type byte
  EXPECT_FALSE(TimeOfData("826553F1G000000005").has_value());  // not hex
  EXPECT_FALSE(TimeOfData("826553F10000000-05").has_value());  // not hex

  bson_t* binary_data =
      BCON_NEW("_data", BCON_BIN(BSON_SUBTYPE_BINARY, reinterpret_cast<const uint8_t*>("\x82"), 1));
  EXPECT_FALSE(TimeOf(binary_data).has_value());  // pre-4.2 tokens held BinData
  bson_destroy(binary_data);
  bson_t* no_data = BCON_NEW("_typeBits", BCON_UTF8("826553F1000000000522"));
  EXPECT_FALSE(TimeOf(no_data).has_value());
  bson_destroy(no_data);
  bson_t empty = BSON_INITIALIZER;
  EXPECT_FALSE(TimeOf(&empty).has_value());
  EXPECT_FALSE(ResumeTokenClusterTime(BsonView()).has_value());
}

}  // namespace
}  // namespace cdc
