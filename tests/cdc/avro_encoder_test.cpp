// AvroEncoder: record bytes against hand-computed encodings, the container's header, blocks,
// codecs and sync markers (parsed by avro_container_parser.h), determinism, and errors.
#include "cdc/format/avro_encoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "avro_container_parser.h"
#include "cdc/event/bson_ptr.h"
#include "cdc/format/avro/change_event_schema.h"
#include "cdc/format/avro/sync_marker.h"
#include "format_fixtures.h"

namespace cdc {
namespace {

using avro::test::AvroContainerParser;
using avro::test::ParsedContainer;

// A collection drop: the fewest fields an event has.
constexpr const char* kDrop =
    R"({"_id":{"_data":"01"},"operationType":"drop",)"
    R"("clusterTime":{"$timestamp":{"t":2,"i":3}},"ns":{"db":"d","coll":"c"}})";

constexpr const char* kSmallUpdate =
    R"({"_id":{"_data":"02"},"operationType":"update",)"
    R"("clusterTime":{"$timestamp":{"t":1,"i":0}},"wallTime":{"$date":{"$numberLong":"1000"}},)"
    R"("ns":{"db":"d","coll":"c"},"documentKey":{"_id":{"$numberInt":"1"}},)"
    R"("updateDescription":{"updatedFields":{},"removedFields":["a","b"],"truncatedArrays":[]},)"
    R"("txnNumber":{"$numberLong":"5"},)"
    R"("collectionUUID":{"$binary":{"base64":"ESIzRFVmd4iZqrvM3e7/AA==","subType":"04"}}})";

struct Events {
  std::vector<BsonPtr> docs;
  std::vector<ChangeEvent> events;
  explicit Events(const std::vector<std::string>& jsons) {
    for (const auto& json : jsons) {
      docs.push_back(test_events::FromJson(json));
      auto e = ChangeEvent::Parse(BsonView::Of(docs.back().get()));
      EXPECT_TRUE(e.ok()) << e.status().ToString();
      if (e.ok()) events.push_back(*e);
    }
  }
};

std::string Encode(AvroEncoder& encoder, const std::vector<std::string>& jsons) {
  Events ev(jsons);
  for (const auto& e : ev.events) {
    core::Status st = encoder.Add(e);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  std::string out;
  core::Status st = encoder.Finish(&out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

std::string Encode(const EncoderOptions& options, const std::vector<std::string>& jsons,
                   avro::BlockLimits limits = {}) {
  AvroEncoder encoder(options, limits);
  return Encode(encoder, jsons);
}

std::string Sync(std::string_view token_bson) {
  const avro::SyncMarker m = avro::SyncMarkerFor(token_bson);
  return std::string(reinterpret_cast<const char*>(m.data()), m.size());
}

std::string TokenBson(const char* event_json) {
  Events ev({event_json});
  return std::string(ev.events.at(0).resume_token().bytes());
}

TEST(AvroEncoderTest, DropRecordMatchesHandEncodedBytes) {
  const ParsedContainer c = AvroContainerParser(Encode({}, {kDrop})).Parse();
  ASSERT_EQ(c.blocks.size(), 1u);
  EXPECT_EQ(c.blocks[0].records, 1);
  const std::string expected = std::string(
                                   "\x08"
                                   "drop"  // operation_type
                                   "\x02"
                                   "d"  // database
                                   "\x02\x02"
                                   "c"                 // collection: branch 1, "c"
                                   "\x00\x00"          // to_database, to_collection: null
                                   "\xa0\x1f"          // cluster_time 2000 ms (zig-zag 4000)
                                   "\x06"              // cluster_time_increment 3
                                   "\x00"              // wall_time
                                   "\x00\x00\x00\x00"  // document_key .. updated_fields
                                   "\x00\x00\x00\x00"  // removed_fields .. operation_description
                                   "\x00\x00\x00"      // txn_number, lsid, collection_uuid
                                   "\x02\x1c",         // resume_token: branch 1, 14 bytes
                                   29) +
                               R"({"_data":"01"})";
  EXPECT_EQ(c.blocks[0].data, expected);
}

TEST(AvroEncoderTest, UpdateRecordMatchesHandEncodedBytes) {
  const ParsedContainer c = AvroContainerParser(Encode({}, {kSmallUpdate})).Parse();
  ASSERT_EQ(c.blocks.size(), 1u);
  const std::string expected =
      std::string(
          "\x0c"
          "update"
          "\x02"
          "d"
          "\x02\x02"
          "c"
          "\x00\x00",
          14) +
      std::string(
          "\xd0\x0f"       // cluster_time 1000 ms (zig-zag 2000)
          "\x00"           // increment 0
          "\x02\xd0\x0f",  // wall_time: branch 1, 1000
          6) +
      "\x02\x12"
      R"({"_id":1})" +              // document_key, 9 bytes
      std::string("\x00\x00", 2) +  // full_document, before change
      "\x02\x04{}" +                // updated_fields
      std::string(
          "\x02\x04\x02"
          "a\x02"
          "b\x00",
          7) +                      // removed_fields: 2 items, end
      "\x02\x04[]" +                // truncated_arrays
      std::string("\x00\x00", 2) +  // disambiguated_paths, operation_description
      "\x02\x0a" +                  // txn_number 5
      std::string("\x00", 1) +      // lsid
      "\x02\x48"
      "11223344-5566-7788-99aa-bbccddeeff00" +  // collection_uuid, 36 bytes
      "\x02\x1c"
      R"({"_data":"02"})";
  EXPECT_EQ(c.blocks[0].data, expected);
}

TEST(AvroEncoderTest, HeaderHoldsSchemaCodecWriterAndTokenDerivedSync) {
  const std::string file = Encode({}, {kDrop, kSmallUpdate});
  ASSERT_EQ(file.substr(0, 4), std::string("Obj\x01", 4));
  const ParsedContainer c = AvroContainerParser(file).Parse();
  EXPECT_EQ(c.metadata.size(), 4u);
  EXPECT_EQ(c.metadata.at("avro.schema"), avro::ChangeEventSchemaJson());
  EXPECT_EQ(c.metadata.at("avro.codec"), "null");
  EXPECT_EQ(c.metadata.at("rigatoni.writer"), std::string("rigatoni ") + PROJECT_VERSION);
  EXPECT_EQ(c.metadata.at("rigatoni.json_mode"), "relaxed");
  EXPECT_EQ(c.sync, Sync(TokenBson(kDrop)));
  ASSERT_EQ(c.blocks.size(), 1u);
  EXPECT_EQ(c.blocks[0].records, 2);
}

TEST(AvroEncoderTest, ObjectPropertiesNeverCompressTheContainerAgain) {
  EncoderOptions o;
  o.format = OutputFormat::kAvro;
  for (core::Codec codec :
       {core::Codec::kNone, core::Codec::kGzip, core::Codec::kSnappy, core::Codec::kZstd}) {
    o.compression = codec;
    auto encoder = MakeBatchEncoder(o);
    ASSERT_TRUE(encoder.ok()) << encoder.status().ToString();
    EXPECT_EQ((*encoder)->extension(), ".avro");
    EXPECT_EQ((*encoder)->content_type(), "application/avro");
    EXPECT_EQ((*encoder)->content_encoding(), "");
  }
}

TEST(AvroEncoderTest, SnappyIsAcceptedForAvroOnly) {
  EncoderOptions o;
  o.compression = core::Codec::kSnappy;
  o.format = OutputFormat::kAvro;
  EXPECT_TRUE(MakeBatchEncoder(o).ok());
  o.format = OutputFormat::kCsv;
  auto csv = MakeBatchEncoder(o);
  ASSERT_FALSE(csv.ok());
  EXPECT_EQ(csv.status().message(),
            "compression \"snappy\" is not available for format \"csv\" (snappy has no "
            "whole-file format other tools read); expected none, gzip or zstd");
}

TEST(AvroEncoderTest, InvalidLevelIsRefusedWithTheCodecsRange) {
  EncoderOptions o;
  o.format = OutputFormat::kAvro;
  o.compression = core::Codec::kGzip;
  o.compression_level = 12;
  auto e = MakeBatchEncoder(o);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("12"), std::string::npos) << e.status().message();
}

class AvroCodecTest : public testing::TestWithParam<core::Codec> {};

TEST_P(AvroCodecTest, BlocksDecodeToTheUncompressedRecords) {
  const std::vector<std::string> events = {test_events::kInsert, test_events::kUpdate, kDrop,
                                           kSmallUpdate};
  const avro::BlockLimits limits{.max_bytes = 1 << 20, .max_records = 3};
  const ParsedContainer plain = AvroContainerParser(Encode({}, events, limits)).Parse();
  EncoderOptions o;
  o.compression = GetParam();
  const ParsedContainer c = AvroContainerParser(Encode(o, events, limits)).Parse();
  const char* names[] = {"null", "deflate", "zstandard", "snappy"};
  EXPECT_EQ(c.metadata.at("avro.codec"), names[static_cast<int>(GetParam())]);
  ASSERT_EQ(c.blocks.size(), 2u);
  ASSERT_EQ(plain.blocks.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(c.blocks[i].records, plain.blocks[i].records);
    EXPECT_EQ(c.blocks[i].uncompressed, plain.blocks[i].data);
  }
  EXPECT_EQ(c.sync, plain.sync);
}

INSTANTIATE_TEST_SUITE_P(Codecs, AvroCodecTest,
                         testing::Values(core::Codec::kNone, core::Codec::kGzip, core::Codec::kZstd,
                                         core::Codec::kSnappy),
                         [](const auto& info) { return std::string(core::CodecName(info.param)); });

TEST(AvroEncoderTest, BlocksAreCutByRecordCount) {
  const ParsedContainer c =
      AvroContainerParser(Encode({}, {kDrop, kDrop, kDrop, kDrop, kDrop}, {.max_records = 2}))
          .Parse();
  ASSERT_EQ(c.blocks.size(), 3u);
  EXPECT_EQ(c.blocks[0].records, 2);
  EXPECT_EQ(c.blocks[1].records, 2);
  EXPECT_EQ(c.blocks[2].records, 1);
}

TEST(AvroEncoderTest, BlocksAreCutByUncompressedBytes) {
  // Each drop record is 43 bytes: a block closes once it holds 129 bytes or more (3 records).
  const ParsedContainer c =
      AvroContainerParser(Encode({}, {kDrop, kDrop, kDrop, kDrop}, {.max_bytes = 129})).Parse();
  ASSERT_EQ(c.blocks.size(), 2u);
  EXPECT_EQ(c.blocks[0].records, 3);
  EXPECT_EQ(c.blocks[0].data.size(), 3 * 43u);
  EXPECT_EQ(c.blocks[1].records, 1);
}

TEST(AvroEncoderTest, SameBatchGivesIdenticalBytesAndTheSyncFollowsTheFirstToken) {
  EncoderOptions o;
  o.compression = core::Codec::kZstd;
  const std::vector<std::string> batch = {test_events::kInsert, test_events::kUpdate};
  const std::string a = Encode(o, batch);
  const std::string b = Encode(o, batch);
  EXPECT_EQ(a, b);
  const std::string reversed = Encode(o, {test_events::kUpdate, test_events::kInsert});
  const ParsedContainer ca = AvroContainerParser(a).Parse();
  const ParsedContainer cr = AvroContainerParser(reversed).Parse();
  EXPECT_NE(ca.sync, cr.sync);
  EXPECT_EQ(cr.sync, Sync(TokenBson(test_events::kUpdate)));
}

TEST(AvroEncoderTest, EncoderIsReusedObjectAfterObject) {
  AvroEncoder encoder(EncoderOptions{});
  const std::string first = Encode(encoder, {kDrop, kSmallUpdate});
  EXPECT_EQ(encoder.buffered_bytes(), 0u);
  const std::string second = Encode(encoder, {kSmallUpdate});
  EXPECT_EQ(first, Encode({}, {kDrop, kSmallUpdate}));
  EXPECT_EQ(second, Encode({}, {kSmallUpdate}));
}

TEST(AvroEncoderTest, BufferedBytesCountHeaderAndUncompressedRecords) {
  EncoderOptions o;
  o.compression = core::Codec::kZstd;
  AvroEncoder encoder(o, {.max_records = 1});
  EXPECT_EQ(encoder.buffered_bytes(), 0u);
  Events ev({kDrop, kDrop});
  ASSERT_TRUE(encoder.Add(ev.events[0]).ok());
  const size_t header = encoder.buffered_bytes() - 43;
  ASSERT_TRUE(encoder.Add(ev.events[1]).ok());
  EXPECT_EQ(encoder.buffered_bytes(), header + 2 * 43);
}

TEST(AvroEncoderTest, ObjectWithoutEventsIsAHeaderOnlyContainer) {
  const std::string file = Encode({}, {});
  const ParsedContainer c = AvroContainerParser(file).Parse();
  EXPECT_TRUE(c.blocks.empty());
  EXPECT_EQ(c.sync, Sync(""));
  EXPECT_EQ(c.metadata.at("avro.codec"), "null");
}

TEST(AvroEncoderTest, TooDeepDocumentIsRefusedAndLeavesNoPartialRecord) {
  // fullDocument nested one level deeper than Extended JSON allows (built as BSON: libbson's JSON
  // parser stops at 100 levels).
  BsonPtr deep = test_events::FromJson(
      R"({"_id":{"_data":"03"},"operationType":"insert",)"
      R"("clusterTime":{"$timestamp":{"t":1,"i":1}},"ns":{"db":"d","coll":"c"}})");
  BsonPtr inner = test_events::FromJson(R"({"a":1})");
  for (int depth = 2; depth <= kMaxExtendedJsonDepth + 1; ++depth) {
    BsonPtr outer = test_events::FromJson("{}");
    BSON_APPEND_DOCUMENT(outer.get(), "a", inner.get());
    inner = std::move(outer);
  }
  BSON_APPEND_DOCUMENT(deep.get(), "fullDocument", inner.get());
  Events ev({kDrop, kDrop});
  auto deep_event = ChangeEvent::Parse(BsonView::Of(deep.get()));
  ASSERT_TRUE(deep_event.ok());
  AvroEncoder encoder(EncoderOptions{});
  ASSERT_TRUE(encoder.Add(ev.events[0]).ok());
  core::Status st = encoder.Add(*deep_event);
  EXPECT_EQ(st.code(), core::ErrorCode::kOutOfRange);
  // Level 201 starts after 200 7-byte prefixes (length, type, key "a").
  EXPECT_EQ(st.message(), "BSON nesting deeper than 200 levels at offset 1400");
  ASSERT_TRUE(encoder.Add(ev.events[1]).ok());
  std::string out;
  ASSERT_TRUE(encoder.Finish(&out).ok());
  EXPECT_EQ(out, Encode({}, {kDrop, kDrop}));
}

TEST(AvroSchemaTest, RecordFieldsInCsvOrderWithNullFirstUnions) {
  const std::string schema(avro::ChangeEventSchemaJson());
  EXPECT_EQ(schema.rfind(R"({"type":"record","name":"ChangeEvent","namespace":"rigatoni",)", 0), 0u)
      << schema;
  std::vector<std::string> names;
  for (size_t at = schema.find(R"({"name":")"); at != std::string::npos;
       at = schema.find(R"({"name":")", at + 1)) {
    const size_t start = at + 9;
    names.push_back(schema.substr(start, schema.find('"', start) - start));
  }
  std::string joined;
  for (const auto& n : names)
    joined += (joined.empty() ? "" : ",") + n;
  // The CSV header without its CRLF.
  std::string csv =
      "operation_type,database,collection,to_database,to_collection,cluster_time,"
      "cluster_time_increment,wall_time,document_key,full_document,"
      "full_document_before_change,updated_fields,removed_fields,truncated_arrays,"
      "disambiguated_paths,operation_description,txn_number,lsid,collection_uuid,"
      "resume_token";
  EXPECT_EQ(joined, csv);
  for (
      const char* field :
      {R"({"name":"operation_type","type":"string","doc":)",
       R"({"name":"collection","type":["null","string"],"default":null,"doc":)",
       R"({"name":"cluster_time","type":{"type":"long","logicalType":"timestamp-millis"},"doc":)",
       R"({"name":"cluster_time_increment","type":"long","doc":)",
       R"({"name":"wall_time","type":["null",{"type":"long","logicalType":"timestamp-millis"}],"default":null,)",
       R"({"name":"removed_fields","type":["null",{"type":"array","items":"string"}],"default":null,)",
       R"({"name":"txn_number","type":["null","long"],"default":null,)",
       R"({"name":"collection_uuid","type":["null",{"type":"string","logicalType":"uuid"}],"default":null,)"}) {
    EXPECT_NE(schema.find(field), std::string::npos) << field;
  }
}

}  // namespace
}  // namespace cdc
