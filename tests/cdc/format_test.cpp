#include <string>

#include <gtest/gtest.h>

#include "cdc/event/bson_ptr.h"
#include "cdc/format/batch_encoder.h"
#include "cdc/format/csv_encoder.h"
#include "format_fixtures.h"

namespace cdc {
namespace {

std::string Encode(const EncoderOptions& options, const std::vector<std::string>& events) {
  auto encoder = MakeBatchEncoder(options);
  EXPECT_TRUE(encoder.ok()) << encoder.status().ToString();
  for (const auto& json : events) {
    BsonPtr doc = test_events::FromJson(json);
    auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
    EXPECT_TRUE(e.ok());
    EXPECT_TRUE((*encoder)->Add(*e).ok());
  }
  std::string out;
  EXPECT_TRUE((*encoder)->Finish(&out).ok());
  return out;
}

TEST(JsonLinesEncoderTest, OneRelaxedExtendedJsonLinePerEventWithEveryField) {
  const std::string out = Encode({}, {test_events::kInsert, test_events::kUpdate});
  EXPECT_EQ(out, std::string(test_events::kInsertRelaxedLine) + "\n" +
                     test_events::kUpdateRelaxedLine + "\n");
}

TEST(JsonLinesEncoderTest, CanonicalMode) {
  EncoderOptions o;
  o.json_mode = JsonMode::kCanonical;
  const std::string out = Encode(o, {test_events::kInsert});
  EXPECT_NE(out.find(R"("clusterTime":{"$timestamp":{"t":1736937045,"i":7}})"), std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("qty":{"$numberInt":"3"})"), std::string::npos) << out;
}

TEST(JsonLinesEncoderTest, EncoderIsReusableAcrossObjects) {
  auto encoder = MakeBatchEncoder({});
  ASSERT_TRUE(encoder.ok());
  std::string first;
  std::string second;
  BsonPtr doc = test_events::FromJson(test_events::kInsert);
  auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
  ASSERT_TRUE((*encoder)->Add(*e).ok());
  ASSERT_TRUE((*encoder)->Finish(&first).ok());
  EXPECT_EQ((*encoder)->buffered_bytes(), 0u);
  ASSERT_TRUE((*encoder)->Add(*e).ok());
  ASSERT_TRUE((*encoder)->Finish(&second).ok());
  EXPECT_EQ(first, second);
}

TEST(JsonLinesEncoderTest, MetadataFollowsCompression) {
  EncoderOptions o;
  o.compression = core::Codec::kZstd;
  auto encoder = MakeBatchEncoder(o);
  ASSERT_TRUE(encoder.ok());
  EXPECT_EQ((*encoder)->extension(), ".jsonl.zst");
  EXPECT_EQ((*encoder)->content_type(), "application/x-ndjson");
  EXPECT_EQ((*encoder)->content_encoding(), "zstd");
  o.compression = core::Codec::kGzip;
  o.format = OutputFormat::kCsv;
  auto csv = MakeBatchEncoder(o);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ((*csv)->extension(), ".csv.gz");
  EXPECT_EQ((*csv)->content_type(), "text/csv");
  EXPECT_EQ((*csv)->content_encoding(), "gzip");
}

TEST(CsvEncoderTest, HeaderAndRowsWithRfc4180Quoting) {
  EncoderOptions o;
  o.format = OutputFormat::kCsv;
  const std::string out = Encode(o, {test_events::kInsert, test_events::kUpdate});
  EXPECT_EQ(out, std::string(CsvEncoder::kHeader) + test_events::kInsertCsvRow +
                     test_events::kUpdateCsvRow);
}

TEST(CsvEncoderTest, FieldQuoting) {
  std::string out;
  AppendCsvField("plain", &out);
  out += '|';
  AppendCsvField("a,b", &out);
  out += '|';
  AppendCsvField("say \"hi\"", &out);
  out += '|';
  AppendCsvField("line\nbreak", &out);
  EXPECT_EQ(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"line\nbreak\"");
}

TEST(BatchEncoderTest, InvalidCombinationsAreClearErrors) {
  EncoderOptions o;
  o.compression = core::Codec::kSnappy;
  auto bad = MakeBatchEncoder(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "compression \"snappy\" is not available for format \"json\" (snappy has no "
            "whole-file format other tools read); expected none, gzip or zstd");
  auto fmt = ParseOutputFormat("xml");
  ASSERT_FALSE(fmt.ok());
  EXPECT_EQ(fmt.status().message(),
            "invalid format \"xml\"; expected one of: json, csv, parquet, avro");
}

}  // namespace
}  // namespace cdc
