#include "core/json_writer.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace core {
namespace {

TEST(JsonWriterTest, NestedStructureWithSeparators) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject()
      .Field("a", int64_t{1})
      .Key("list")
      .BeginArray()
      .Int(-2)
      .Uint(3)
      .Bool(true)
      .Null()
      .BeginObject()
      .EndObject()
      .EndArray()
      .Field("s", "x")
      .Key("raw")
      .Raw("{\"k\":[1]}")
      .EndObject();
  EXPECT_EQ(out, R"({"a":1,"list":[-2,3,true,null,{}],"s":"x","raw":{"k":[1]}})");
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  JsonWriter(&out).String(std::string_view("q\"b\\n\n\t\x01\x1f\0z", 11));
  EXPECT_EQ(out, R"("q\"b\\n\n\t\u0001\u001f\u0000z")");
}

TEST(JsonWriterTest, PassesValidUtf8AndReplacesInvalidBytes) {
  std::string out;
  JsonWriter(&out).String("h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(out, "\"h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  out.clear();
  // A lone continuation byte, a truncated sequence, an overlong '/' and a UTF-16 surrogate.
  JsonWriter(&out).String(
      "a\x80"
      "b\xE2\x82"
      "c\xC0\xAF"
      "d\xED\xA0\x80");
  EXPECT_EQ(out,
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD"
            "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonWriterTest, DoublesRoundTripAndNonFiniteBecomeNull) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray()
      .Double(0.1)
      .Double(1e300)
      .Double(-0.0)
      .Double(std::numeric_limits<double>::quiet_NaN())
      .Double(std::numeric_limits<double>::infinity())
      .EndArray();
  EXPECT_EQ(out, "[0.1,1e+300,-0,null,null]");
}

TEST(JsonWriterTest, KeysAreEscaped) {
  std::string out;
  JsonWriter(&out).BeginObject().Field("a\"b", true).EndObject();
  EXPECT_EQ(out, R"({"a\"b":true})");
}

}  // namespace
}  // namespace core
