// The scalar formats of the protocol: RFC 3339 times (chrono), f64/f32 numbers (serde_json/ryu)
// and UUIDs. Reference outputs come from the real Rust crates (tests/fixtures/tracing/messages).
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <fstream>

#include "protocol_fixtures.h"
#include "tracing/protocol/rfc3339.h"
#include "tracing/protocol/serde_float.h"
#include "tracing/protocol/uuid.h"

namespace tracing::protocol {
namespace {

using tracing_test::MessagesDir;

struct ReferenceLine {
  std::string input;
  std::string expected;
};

std::vector<ReferenceLine> ReadReference(const std::string& file) {
  std::ifstream in(MessagesDir() / file);
  std::vector<ReferenceLine> lines;
  std::string input, expected;
  while (in >> input >> expected)
    lines.push_back({input, expected});
  return lines;
}

TEST(Rfc3339, FormatsAndParsesLikeChrono) {
  const auto lines = ReadReference("chrono_times.txt");
  ASSERT_GT(lines.size(), 2000u);
  for (const auto& line : lines) {
    const int64_t nanos = std::stoll(line.input);
    const std::string expected = line.expected.substr(1, line.expected.size() - 2);  // unquote
    ASSERT_EQ(FormatRfc3339(nanos), expected) << nanos;
    core::Result<int64_t> parsed = ParseRfc3339(expected);
    ASSERT_TRUE(parsed.ok()) << expected << ": " << parsed.status().message();
    ASSERT_EQ(*parsed, nanos) << expected;
  }
}

int64_t Parse(std::string_view text) {
  core::Result<int64_t> r = ParseRfc3339(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().message();
  return r.value_or(-1);
}

std::string ParseError(std::string_view text) {
  core::Result<int64_t> r = ParseRfc3339(text);
  return r.ok() ? "(parsed OK)" : r.status().message();
}

constexpr int64_t kT0 = 1'758'143'203'000'000'000;  // 2025-09-17T21:06:43Z

TEST(Rfc3339, FractionDigits) {
  EXPECT_EQ(FormatRfc3339(kT0), "2025-09-17T21:06:43Z");
  EXPECT_EQ(FormatRfc3339(kT0 + 123'000'000), "2025-09-17T21:06:43.123Z");
  EXPECT_EQ(FormatRfc3339(kT0 + 123'400'000), "2025-09-17T21:06:43.123400Z");
  EXPECT_EQ(FormatRfc3339(kT0 + 123'456'000), "2025-09-17T21:06:43.123456Z");
  EXPECT_EQ(FormatRfc3339(kT0 + 123'456'789), "2025-09-17T21:06:43.123456789Z");
  EXPECT_EQ(FormatRfc3339(kT0 + 1), "2025-09-17T21:06:43.000000001Z");
  EXPECT_EQ(Parse("2025-09-17T21:06:43.1Z"), kT0 + 100'000'000);
  EXPECT_EQ(Parse("2025-09-17T21:06:43.12345Z"), kT0 + 123'450'000);
  EXPECT_EQ(Parse("2025-09-17T21:06:43.1234567891Z"), kT0 + 123'456'789);  // truncated
  EXPECT_EQ(Parse("2025-09-17T21:06:43.000Z"), kT0);
}

TEST(Rfc3339, OffsetsAreConvertedToUtc) {
  EXPECT_EQ(Parse("2025-09-17T23:06:43+02:00"), kT0);
  EXPECT_EQ(Parse("2025-09-17T15:36:43.5-05:30"), kT0 + 500'000'000);
  EXPECT_EQ(Parse("2025-09-18T00:06:43+03:00"), kT0);  // crosses midnight
  EXPECT_EQ(Parse("2025-09-17T21:06:43+00:00"), kT0);
  EXPECT_EQ(Parse("2025-09-17t21:06:43z"), kT0);
  EXPECT_EQ(Parse("2025-09-17 21:06:43Z"), kT0);
}

TEST(Rfc3339, LeapYears) {
  EXPECT_EQ(FormatRfc3339(Parse("2024-02-29T12:00:00Z")), "2024-02-29T12:00:00Z");
  EXPECT_EQ(FormatRfc3339(Parse("2000-02-29T00:00:00Z")), "2000-02-29T00:00:00Z");
  EXPECT_EQ(Parse("2024-03-01T00:00:00Z") - Parse("2024-02-28T00:00:00Z"), 2 * 86'400'000'000'000);
  EXPECT_EQ(ParseError("2023-02-29T00:00:00Z"), "day 29 is out of range for 2023-02");
  EXPECT_EQ(ParseError("1900-02-29T00:00:00Z"), "day 29 is out of range for 1900-02");
  EXPECT_EQ(ParseError("2024-04-31T00:00:00Z"), "day 31 is out of range for 2024-04");
}

TEST(Rfc3339, Before1970AndRangeLimits) {
  EXPECT_EQ(Parse("1969-12-31T23:59:59.999999999Z"), -1);
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(Parse("1900-01-01T00:00:00Z"), -2'208'988'800'000'000'000);
  EXPECT_EQ(Parse("1677-09-21T00:12:43.145224192Z"), INT64_MIN);
  EXPECT_EQ(Parse("2262-04-11T23:47:16.854775807Z"), INT64_MAX);
  const std::string out_of_range =
      "out of the supported range 1677-09-21T00:12:43.145224192Z..2262-04-11T23:47:16.854775807Z";
  EXPECT_EQ(ParseError("1677-09-21T00:12:43.145224191Z"), out_of_range);
  EXPECT_EQ(ParseError("2262-04-11T23:47:16.854775808Z"), out_of_range);
  EXPECT_EQ(ParseError("0001-01-01T00:00:00Z"), out_of_range);
  EXPECT_EQ(ParseError("9999-12-31T23:59:59Z"), out_of_range);
}

TEST(Rfc3339, Malformed) {
  EXPECT_EQ(ParseError(""), "expected a date as YYYY-MM-DD");
  EXPECT_EQ(ParseError("25-09-17T21:06:43Z"), "expected a date as YYYY-MM-DD");
  EXPECT_EQ(ParseError("2025-09-17"), "expected 'T' between date and time");
  EXPECT_EQ(ParseError("2025-09-17T21:06Z"), "expected a time as HH:MM:SS");
  EXPECT_EQ(ParseError("2025-09-17T21:06:43"), "expected a time zone ('Z' or +HH:MM)");
  EXPECT_EQ(ParseError("2025-09-17T21:06:43.Z"), "expected digits after '.'");
  EXPECT_EQ(ParseError("2025-09-17T21:06:43+0200"), "expected a UTC offset as +HH:MM or -HH:MM");
  EXPECT_EQ(ParseError("2025-09-17T21:06:43+24:00"), "UTC offset is out of range");
  EXPECT_EQ(ParseError("2025-09-17T21:06:43Z "), "unexpected characters after the time zone");
  EXPECT_EQ(ParseError("2025-13-01T00:00:00Z"), "month 13 is out of range");
  EXPECT_EQ(ParseError("2025-00-01T00:00:00Z"), "month 0 is out of range");
  EXPECT_EQ(ParseError("2025-01-00T00:00:00Z"), "day 0 is out of range for 2025-01");
  EXPECT_EQ(ParseError("2025-01-01T24:00:00Z"), "hour 24 is out of range");
  EXPECT_EQ(ParseError("2025-01-01T23:60:00Z"), "minute 60 is out of range");
  EXPECT_EQ(ParseError("2016-12-31T23:59:60Z"), "leap seconds (:60) are not supported");
  EXPECT_EQ(ParseError("2016-12-31T23:59:61Z"), "second 61 is out of range");
}

TEST(SerdeFloat, F64MatchesSerdeJson) {
  const auto lines = ReadReference("serde_f64.txt");
  ASSERT_GT(lines.size(), 4000u);
  for (const auto& line : lines) {
    const double v = std::bit_cast<double>(std::stoull(line.input, nullptr, 16));
    std::string out;
    AppendSerdeF64(v, &out);
    ASSERT_EQ(out, line.expected) << line.input;
  }
}

TEST(SerdeFloat, F32MatchesSerdeJson) {
  const auto lines = ReadReference("serde_f32.txt");
  ASSERT_GT(lines.size(), 4000u);
  for (const auto& line : lines) {
    const float v =
        std::bit_cast<float>(static_cast<uint32_t>(std::stoul(line.input, nullptr, 16)));
    std::string out;
    AppendSerdeF32(v, &out);
    ASSERT_EQ(out, line.expected) << line.input;
  }
}

TEST(SerdeFloat, Examples) {
  auto f64 = [](double v) {
    std::string s;
    AppendSerdeF64(v, &s);
    return s;
  };
  auto f32 = [](float v) {
    std::string s;
    AppendSerdeF32(v, &s);
    return s;
  };
  EXPECT_EQ(f64(1.0), "1.0");
  EXPECT_EQ(f64(-0.0), "-0.0");
  EXPECT_EQ(f64(1e16), "1e16");
  EXPECT_EQ(f64(1e15), "1000000000000000.0");
  EXPECT_EQ(f64(1.5e-7), "1.5e-7");
  EXPECT_EQ(f64(0.0001), "0.0001");
  EXPECT_EQ(f64(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(f64(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(f32(12.3f), "12.3");
  EXPECT_EQ(f32(1e13f), "1e13");
  EXPECT_EQ(f32(1e12f), "1000000000000.0");
  EXPECT_EQ(f32(1e-6f), "0.000001");
  EXPECT_EQ(f32(1e-7f), "1e-7");
}

TEST(Uuid, ParsesTheUuidCrateForms) {
  const Uuid id = *Uuid::Parse("67e55044-10b1-426f-9247-bb680e5fe0c8");
  EXPECT_EQ(id.ToString(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
  EXPECT_EQ(Uuid::Parse("67E55044-10B1-426F-9247-BB680E5FE0C8"), id);
  EXPECT_EQ(Uuid::Parse("67e5504410b1426f9247bb680e5fe0c8"), id);
  EXPECT_EQ(Uuid::Parse("{67e55044-10b1-426f-9247-bb680e5fe0c8}"), id);
  EXPECT_EQ(Uuid::Parse("urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8"), id);
  EXPECT_EQ(Uuid::Parse(""), std::nullopt);
  EXPECT_EQ(Uuid::Parse("67e55044-10b1-426f-9247-bb680e5fe0c"), std::nullopt);
  EXPECT_EQ(Uuid::Parse("67e55044x10b1-426f-9247-bb680e5fe0c8"), std::nullopt);
  EXPECT_EQ(Uuid::Parse("67e5504410b1426f9247bb680e5fe0cg"), std::nullopt);
  EXPECT_EQ(Uuid::Parse("67e55044-10b1-426f-9247-bb680e5fe0c8 "), std::nullopt);
}

TEST(Uuid, RandomV4HasVersionAndVariant) {
  const Uuid a = Uuid::RandomV4();
  const Uuid b = Uuid::RandomV4();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.ToString()[14], '4');
  EXPECT_NE(std::string("89ab").find(a.ToString()[19]), std::string::npos);
  EXPECT_EQ(Uuid::Parse(a.ToString()), a);
}

}  // namespace
}  // namespace tracing::protocol
