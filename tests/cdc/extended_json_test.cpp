// Exact Extended JSON v2 output for every BSON type and edge case, and the errors for malformed
// BSON. Expected strings follow the specification (mongodb/specifications extended-json.md) and
// the notation documented in src/cdc/event/extended_json.h.
#include "cdc/event/extended_json.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "cdc/event/extended_json_text.h"
#include "core/json_writer.h"

namespace cdc {
namespace {

// A bson_t built by `fill`, destroyed with the wrapper.
class Doc {
 public:
  template <typename Fill>
  explicit Doc(Fill fill) {
    bson_init(&b_);
    fill(&b_);
  }
  ~Doc() { bson_destroy(&b_); }
  Doc(const Doc&) = delete;
  Doc& operator=(const Doc&) = delete;
  const bson_t& get() const { return b_; }

 private:
  bson_t b_;
};

std::string Json(const bson_t& b, JsonMode mode) {
  std::string out;
  const core::Status st = AppendExtendedJson(b, mode, &out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

std::string Json(const std::vector<uint8_t>& raw, JsonMode mode) {
  std::string out;
  const core::Status st = AppendExtendedJson(raw.data(), raw.size(), mode, &out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

// Expects {"v":<relaxed>} and {"v":<canonical>} for the document {"v": value}.
template <typename AppendV>
void ExpectValue(AppendV append_v, const std::string& relaxed, const std::string& canonical) {
  Doc d(append_v);
  EXPECT_EQ(Json(d.get(), JsonMode::kRelaxed), "{\"v\":" + relaxed + "}");
  EXPECT_EQ(Json(d.get(), JsonMode::kCanonical), "{\"v\":" + canonical + "}");
}

void ExpectDouble(double v, const std::string& relaxed, const std::string& canonical) {
  SCOPED_TRACE(relaxed);
  ExpectValue([&](bson_t* b) { BSON_APPEND_DOUBLE(b, "v", v); }, relaxed, canonical);
}

void ExpectDouble(double v, const std::string& text) {
  ExpectDouble(v, text, "{\"$numberDouble\":\"" + text + "\"}");
}

TEST(ExtendedJsonTest, DoublesUseShortestRoundTripText) {
  ExpectDouble(1.0, "1.0");
  ExpectDouble(-1.0, "-1.0");
  ExpectDouble(0.0, "0.0");
  ExpectDouble(-0.0, "-0.0");
  ExpectDouble(1.5, "1.5");
  ExpectDouble(0.1, "0.1");
  ExpectDouble(42.42, "42.42");
  ExpectDouble(123456789.0, "123456789.0");
  ExpectDouble(1.2345678921232e18, "1234567892123200000.0");
  ExpectDouble(1e19, "10000000000000000000.0");
  ExpectDouble(1e20, "1e+20");
  ExpectDouble(1e300, "1e+300");
  ExpectDouble(-1.5e300, "-1.5e+300");
  ExpectDouble(DBL_MAX, "1.7976931348623157e+308");
  ExpectDouble(5e-324, "5e-324");
  ExpectDouble(DBL_MIN, "2.2250738585072014e-308");
  ExpectDouble(0.0001, "0.0001");
  ExpectDouble(0.00012, "0.00012");
  ExpectDouble(1e-5, "1e-05");
  ExpectDouble(1.5e-5, "1.5e-05");
}

TEST(ExtendedJsonTest, NonFiniteDoublesAreWrappedInBothModes) {
  ExpectDouble(std::numeric_limits<double>::quiet_NaN(), "{\"$numberDouble\":\"NaN\"}",
               "{\"$numberDouble\":\"NaN\"}");
  ExpectDouble(-std::numeric_limits<double>::quiet_NaN(), "{\"$numberDouble\":\"NaN\"}",
               "{\"$numberDouble\":\"NaN\"}");
  ExpectDouble(INFINITY, "{\"$numberDouble\":\"Infinity\"}", "{\"$numberDouble\":\"Infinity\"}");
  ExpectDouble(-INFINITY, "{\"$numberDouble\":\"-Infinity\"}", "{\"$numberDouble\":\"-Infinity\"}");
}

// Independent check of the double text against printf: it parses back to the same bits, and no
// shorter %e form does.
TEST(ExtendedJsonTest, DoubleTextIsShortestAndRoundTripsForRandomBitPatterns) {
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 100000; ++i) {
    const uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) continue;
    std::string text;
    AppendShortestDouble(v, &text);
    const double back = std::strtod(text.c_str(), nullptr);
    ASSERT_EQ(std::memcmp(&back, &v, sizeof v), 0) << text;
    // Significant digits: from the first to the last non-zero digit of the mantissa.
    const std::string mantissa = text.substr(0, text.find('e'));
    const size_t first = mantissa.find_first_of("123456789");
    const size_t last = mantissa.find_last_of("123456789");
    size_t digits = 0;
    for (size_t k = first; first != std::string::npos && k <= last; ++k) {
      if (mantissa[k] != '.') ++digits;
    }
    if (digits > 1) {
      char shorter[64];
      std::snprintf(shorter, sizeof shorter, "%.*e", static_cast<int>(digits) - 2, v);
      const double s = std::strtod(shorter, nullptr);
      ASSERT_NE(std::memcmp(&s, &v, sizeof v), 0) << text << " vs " << shorter;
    }
    // A JSON non-integer: has a fraction or an exponent.
    ASSERT_NE(text.find_first_of(".e"), std::string::npos) << text;
  }
}

TEST(ExtendedJsonTest, Integers) {
  ExpectValue([](bson_t* b) { BSON_APPEND_INT32(b, "v", 0); }, "0", "{\"$numberInt\":\"0\"}");
  ExpectValue([](bson_t* b) { BSON_APPEND_INT32(b, "v", INT32_MIN); }, "-2147483648",
              "{\"$numberInt\":\"-2147483648\"}");
  ExpectValue([](bson_t* b) { BSON_APPEND_INT32(b, "v", INT32_MAX); }, "2147483647",
              "{\"$numberInt\":\"2147483647\"}");
  ExpectValue([](bson_t* b) { BSON_APPEND_INT64(b, "v", INT64_MIN); }, "-9223372036854775808",
              "{\"$numberLong\":\"-9223372036854775808\"}");
  ExpectValue([](bson_t* b) { BSON_APPEND_INT64(b, "v", INT64_MAX); }, "9223372036854775807",
              "{\"$numberLong\":\"9223372036854775807\"}");
  ExpectValue([](bson_t* b) { BSON_APPEND_INT64(b, "v", 42); }, "42", "{\"$numberLong\":\"42\"}");
}

void ExpectDate(int64_t ms, const std::string& relaxed_date) {
  SCOPED_TRACE(ms);
  const std::string canonical = "{\"$date\":{\"$numberLong\":\"" + std::to_string(ms) + "\"}}";
  ExpectValue([&](bson_t* b) { BSON_APPEND_DATE_TIME(b, "v", ms); },
              relaxed_date.empty() ? canonical : "{\"$date\":\"" + relaxed_date + "\"}", canonical);
}

TEST(ExtendedJsonTest, DatesAreIsoOnlyForYears1970To9999InRelaxedMode) {
  ExpectDate(0, "1970-01-01T00:00:00Z");
  ExpectDate(1500, "1970-01-01T00:00:01.500Z");
  ExpectDate(1, "1970-01-01T00:00:00.001Z");
  ExpectDate(1700000000000, "2023-11-14T22:13:20Z");
  ExpectDate(1700000000123, "2023-11-14T22:13:20.123Z");
  ExpectDate(951782400000, "2000-02-29T00:00:00Z");   // leap day of a 400-year leap year
  ExpectDate(4107542400000, "2100-03-01T00:00:00Z");  // 2100 is not a leap year
  ExpectDate(253402300799999, "9999-12-31T23:59:59.999Z");
  ExpectDate(253402300799000, "9999-12-31T23:59:59Z");
  ExpectDate(253402300800000, "");  // year 10000
  ExpectDate(-1, "");
  ExpectDate(-62135596800000, "");  // 0001-01-01
  ExpectDate(INT64_MIN, "");
  ExpectDate(INT64_MAX, "");
}

TEST(ExtendedJsonTest, BinaryEverySubtype) {
  const uint8_t uuid[16] = {0xc8, 0xed, 0xab, 0xc3, 0xf7, 0x38, 0x4c, 0xa3,
                            0xb6, 0x8d, 0xab, 0x92, 0xa9, 0x14, 0x78, 0xa3};
  const std::string uuid_b64 = "yO2rw/c4TKO2jauSqRR4ow==";
  const std::vector<std::pair<uint8_t, std::string>> subtypes = {
      {0x00, "00"}, {0x01, "01"}, {0x03, "03"}, {0x04, "04"}, {0x05, "05"}, {0x06, "06"},
      {0x07, "07"}, {0x08, "08"}, {0x09, "09"}, {0x80, "80"}, {0xab, "ab"}, {0xff, "ff"}};
  for (const auto& entry : subtypes) {
    const uint8_t subtype = entry.first;
    const std::string want =
        "{\"$binary\":{\"base64\":\"" + uuid_b64 + "\",\"subType\":\"" + entry.second + "\"}}";
    ExpectValue(
        [&](bson_t* b) {
          bson_append_binary(b, "v", 1, static_cast<bson_subtype_t>(subtype), uuid, 16);
        },
        want, want);
  }
  // The old binary subtype 0x02 carries an inner length; Extended JSON holds the inner payload.
  const uint8_t ffff[2] = {0xff, 0xff};
  ExpectValue(
      [&](bson_t* b) { bson_append_binary(b, "v", 1, BSON_SUBTYPE_BINARY_DEPRECATED, ffff, 2); },
      "{\"$binary\":{\"base64\":\"//8=\",\"subType\":\"02\"}}",
      "{\"$binary\":{\"base64\":\"//8=\",\"subType\":\"02\"}}");
  // Padding for payload lengths 0..4.
  const uint8_t abcd[4] = {'a', 'b', 'c', 'd'};
  const char* b64[] = {"", "YQ==", "YWI=", "YWJj", "YWJjZA=="};
  for (uint32_t n = 0; n <= 4; ++n) {
    const std::string want =
        std::string("{\"$binary\":{\"base64\":\"") + b64[n] + "\",\"subType\":\"00\"}}";
    ExpectValue([&](bson_t* b) { bson_append_binary(b, "v", 1, BSON_SUBTYPE_BINARY, abcd, n); },
                want, want);
  }
}

TEST(ExtendedJsonTest, StringsAndKeysAreJsonEscaped) {
  constexpr char kRaw[] =
      "q\"b\\s/\n\r\t\b\f\x01\x1f\x7f \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 nul:\0!";
  const std::string s(kRaw, sizeof kRaw - 1);
  const std::string escaped =
      "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 "
      "nul:\\u0000!\"";
  ExpectValue([&](bson_t* b) { bson_append_utf8(b, "v", 1, s.data(), static_cast<int>(s.size())); },
              escaped, escaped);
  ExpectValue([](bson_t* b) { bson_append_utf8(b, "v", 1, "", 0); }, "\"\"", "\"\"");
  Doc keys([](bson_t* b) {
    BSON_APPEND_INT32(b, "\"\\\n\x01\xc3\xa9\xf0\x9f\x98\x80", 1);
    BSON_APPEND_INT32(b, "", 2);
  });
  EXPECT_EQ(Json(keys.get(), JsonMode::kRelaxed),
            "{\"\\\"\\\\\\n\\u0001\xc3\xa9\xf0\x9f\x98\x80\":1,\"\":2}");
}

TEST(ExtendedJsonTest, InvalidUtf8IsReplacedNotPassedThrough) {
  ExpectValue(
      [](bson_t* b) {
        bson_append_utf8(b, "v", 1,
                         "a\xff"
                         "b",
                         3);
      },
      "\"a\xef\xbf\xbd"
      "b\"",
      "\"a\xef\xbf\xbd"
      "b\"");
}

// Raw BSON {"v": /pattern/options} with the options exactly as given (bson_append_regex would
// sort and filter them).
std::vector<uint8_t> RawRegex(const std::string& pattern, const std::string& options) {
  std::string raw("\0\0\0\0\x0Bv\0", 7);
  raw += pattern;
  raw.push_back('\0');
  raw += options;
  raw.push_back('\0');
  raw.push_back('\0');
  raw[0] = static_cast<char>(raw.size());  // small documents only
  return {raw.begin(), raw.end()};
}

TEST(ExtendedJsonTest, RegexOptionsAreSorted) {
  const std::string want =
      "{\"v\":{\"$regularExpression\":{\"pattern\":\"^a\\\"b\\\\d+$\",\"options\":\"imsx\"}}}";
  EXPECT_EQ(Json(RawRegex("^a\"b\\d+$", "xsmi"), JsonMode::kRelaxed), want);
  EXPECT_EQ(Json(RawRegex("^a\"b\\d+$", "xsmi"), JsonMode::kCanonical), want);
  EXPECT_EQ(Json(RawRegex("a", "uxl"), JsonMode::kRelaxed),
            "{\"v\":{\"$regularExpression\":{\"pattern\":\"a\",\"options\":\"lux\"}}}");
  // Unknown option letters are kept (sorted), not dropped.
  EXPECT_EQ(Json(RawRegex("a", "zyxu"), JsonMode::kRelaxed),
            "{\"v\":{\"$regularExpression\":{\"pattern\":\"a\",\"options\":\"uxyz\"}}}");
  EXPECT_EQ(Json(RawRegex("", ""), JsonMode::kRelaxed),
            "{\"v\":{\"$regularExpression\":{\"pattern\":\"\",\"options\":\"\"}}}");
  EXPECT_EQ(Json(RawRegex("a", "smixlusmixlusmixlu"), JsonMode::kRelaxed),
            "{\"v\":{\"$regularExpression\":{\"pattern\":\"a\",\"options\":"
            "\"iiilllmmmsssuuuxxx\"}}}");
}

TEST(ExtendedJsonTest, OtherTypes) {
  bson_oid_t oid;
  bson_oid_init_from_string(&oid, "57e193d7a9cc81b4027498b5");
  const std::string oid_json = "{\"$oid\":\"57e193d7a9cc81b4027498b5\"}";
  ExpectValue([&](bson_t* b) { BSON_APPEND_OID(b, "v", &oid); }, oid_json, oid_json);
  ExpectValue([](bson_t* b) { BSON_APPEND_BOOL(b, "v", true); }, "true", "true");
  ExpectValue([](bson_t* b) { BSON_APPEND_BOOL(b, "v", false); }, "false", "false");
  ExpectValue([](bson_t* b) { BSON_APPEND_NULL(b, "v"); }, "null", "null");
  ExpectValue([](bson_t* b) { BSON_APPEND_UNDEFINED(b, "v"); }, "{\"$undefined\":true}",
              "{\"$undefined\":true}");
  ExpectValue([](bson_t* b) { BSON_APPEND_MINKEY(b, "v"); }, "{\"$minKey\":1}", "{\"$minKey\":1}");
  ExpectValue([](bson_t* b) { BSON_APPEND_MAXKEY(b, "v"); }, "{\"$maxKey\":1}", "{\"$maxKey\":1}");
  const std::string ptr = "{\"$dbPointer\":{\"$ref\":\"db.c\\\"oll\",\"$id\":" + oid_json + "}}";
  ExpectValue([&](bson_t* b) { BSON_APPEND_DBPOINTER(b, "v", "db.c\"oll", &oid); }, ptr, ptr);
  ExpectValue([](bson_t* b) { BSON_APPEND_CODE(b, "v", "function() {\n}"); },
              "{\"$code\":\"function() {\\n}\"}", "{\"$code\":\"function() {\\n}\"}");
  ExpectValue([](bson_t* b) { BSON_APPEND_SYMBOL(b, "v", "sym\"bol"); },
              "{\"$symbol\":\"sym\\\"bol\"}", "{\"$symbol\":\"sym\\\"bol\"}");
  ExpectValue(
      [](bson_t* b) {
        bson_t scope = BSON_INITIALIZER;
        BSON_APPEND_INT32(&scope, "x", 1);
        BSON_APPEND_CODE_WITH_SCOPE(b, "v", "f(x)", &scope);
        bson_destroy(&scope);
      },
      "{\"$code\":\"f(x)\",\"$scope\":{\"x\":1}}",
      "{\"$code\":\"f(x)\",\"$scope\":{\"x\":{\"$numberInt\":\"1\"}}}");
  ExpectValue(
      [](bson_t* b) {
        bson_t scope = BSON_INITIALIZER;
        BSON_APPEND_CODE_WITH_SCOPE(b, "v", "g()", &scope);
        bson_destroy(&scope);
      },
      "{\"$code\":\"g()\",\"$scope\":{}}", "{\"$code\":\"g()\",\"$scope\":{}}");
  ExpectValue([](bson_t* b) { BSON_APPEND_TIMESTAMP(b, "v", 4294967295u, 4294967295u); },
              "{\"$timestamp\":{\"t\":4294967295,\"i\":4294967295}}",
              "{\"$timestamp\":{\"t\":4294967295,\"i\":4294967295}}");
  ExpectValue([](bson_t* b) { BSON_APPEND_TIMESTAMP(b, "v", 42, 1); },
              "{\"$timestamp\":{\"t\":42,\"i\":1}}", "{\"$timestamp\":{\"t\":42,\"i\":1}}");
}

TEST(ExtendedJsonTest, Decimal128UsesLibbsonText) {
  const char* cases[][2] = {{"1234.5", "1234.5"},
                            {"-0", "-0"},
                            {"NaN", "NaN"},
                            {"-Infinity", "-Infinity"},
                            {"1E+6144", "1.000000000000000000000000000000000E+6144"},
                            {"0.000001234", "0.000001234"},
                            {"1.234E-10", "1.234E-10"}};
  for (const auto& c : cases) {
    bson_decimal128_t dec;
    ASSERT_TRUE(bson_decimal128_from_string(c[0], &dec)) << c[0];
    const std::string want = std::string("{\"$numberDecimal\":\"") + c[1] + "\"}";
    ExpectValue([&](bson_t* b) { BSON_APPEND_DECIMAL128(b, "v", &dec); }, want, want);
  }
}

TEST(ExtendedJsonTest, EmptyAndNestedContainers) {
  Doc empty([](bson_t*) {});
  EXPECT_EQ(Json(empty.get(), JsonMode::kRelaxed), "{}");
  EXPECT_EQ(Json(empty.get(), JsonMode::kCanonical), "{}");
  Doc nested([](bson_t* b) {
    bson_t child;
    bson_t arr;
    bson_t inner;
    BSON_APPEND_DOCUMENT_BEGIN(b, "e", &child);
    bson_append_document_end(b, &child);
    BSON_APPEND_ARRAY_BEGIN(b, "a", &arr);
    bson_append_array_end(b, &arr);
    BSON_APPEND_ARRAY_BEGIN(b, "list", &arr);
    BSON_APPEND_INT32(&arr, "0", 1);
    BSON_APPEND_DOCUMENT_BEGIN(&arr, "1", &inner);
    BSON_APPEND_UTF8(&inner, "city", "Z\xc3\xbcrich");
    bson_append_document_end(&arr, &inner);
    BSON_APPEND_ARRAY_BEGIN(&arr, "2", &inner);
    bson_append_array_end(&arr, &inner);
    bson_append_array_end(b, &arr);
  });
  EXPECT_EQ(Json(nested.get(), JsonMode::kRelaxed),
            "{\"e\":{},\"a\":[],\"list\":[1,{\"city\":\"Z\xc3\xbcrich\"},[]]}");
  EXPECT_EQ(
      Json(nested.get(), JsonMode::kCanonical),
      "{\"e\":{},\"a\":[],\"list\":[{\"$numberInt\":\"1\"},{\"city\":\"Z\xc3\xbcrich\"},[]]}");
}

TEST(ExtendedJsonTest, AppendsToExistingOutput) {
  Doc d([](bson_t* b) { BSON_APPEND_INT32(b, "x", 7); });
  std::string out = "[";
  ASSERT_TRUE(AppendExtendedJson(d.get(), JsonMode::kRelaxed, &out).ok());
  out += ",";
  ASSERT_TRUE(
      AppendExtendedJson(bson_get_data(&d.get()), d.get().len, JsonMode::kCanonical, &out).ok());
  EXPECT_EQ(out, "[{\"x\":7},{\"x\":{\"$numberInt\":\"7\"}}");
}

TEST(ExtendedJsonTest, SingleValueFromIterator) {
  Doc d([](bson_t* b) {
    BSON_APPEND_UTF8(b, "operationType", "insert");
    bson_t child;
    BSON_APPEND_DOCUMENT_BEGIN(b, "fullDocument", &child);
    BSON_APPEND_INT64(&child, "n", 5);
    BSON_APPEND_DATE_TIME(&child, "at", 0);
    bson_append_document_end(b, &child);
  });
  bson_iter_t it;
  ASSERT_TRUE(bson_iter_init_find(&it, &d.get(), "fullDocument"));
  std::string out;
  ASSERT_TRUE(AppendExtendedJsonValue(it, JsonMode::kRelaxed, &out).ok());
  EXPECT_EQ(out, "{\"n\":5,\"at\":{\"$date\":\"1970-01-01T00:00:00Z\"}}");
  out.clear();
  ASSERT_TRUE(AppendExtendedJsonValue(it, JsonMode::kCanonical, &out).ok());
  EXPECT_EQ(out, "{\"n\":{\"$numberLong\":\"5\"},\"at\":{\"$date\":{\"$numberLong\":\"0\"}}}");
  ASSERT_TRUE(bson_iter_init_find(&it, &d.get(), "operationType"));
  out.clear();
  ASSERT_TRUE(AppendExtendedJsonValue(it, JsonMode::kRelaxed, &out).ok());
  EXPECT_EQ(out, "\"insert\"");
}

// The idiom documented in extended_json.h: a value written into a core::JsonWriter's buffer.
TEST(ExtendedJsonTest, SingleValueInsideJsonWriter) {
  Doc d([](bson_t* b) {
    bson_t child;
    BSON_APPEND_DOCUMENT_BEGIN(b, "fullDocument", &child);
    BSON_APPEND_INT32(&child, "n", 5);
    bson_append_document_end(b, &child);
  });
  bson_iter_t it;
  ASSERT_TRUE(bson_iter_init_find(&it, &d.get(), "fullDocument"));
  std::string out;
  core::JsonWriter writer(&out);
  writer.BeginObject().Field("operationType", "insert");
  writer.Key("fullDocument").Raw({});
  ASSERT_TRUE(AppendExtendedJsonValue(it, JsonMode::kCanonical, &out).ok());
  writer.Field("txnNumber", 7).EndObject();
  EXPECT_EQ(out,
            "{\"operationType\":\"insert\",\"fullDocument\":{\"n\":{\"$numberInt\":\"5\"}},"
            "\"txnNumber\":7}");
}

}  // namespace
}  // namespace cdc
