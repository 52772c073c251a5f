// JSON Lines and CSV objects, plain and compressed, read back by DuckDB (an independent reader):
// every field comes back with its exact value.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../cdc/format_fixtures.h"
#include "cdc/format/batch_encoder.h"
#include "support/duckdb.h"
#include "support/temp_dir.h"

namespace cdc {
namespace {

using testing_support::DuckDbQuery;
using testing_support::SqlLiteral;

std::string WriteObject(const testing_support::TempDir& dir, const EncoderOptions& options) {
  auto encoder = MakeBatchEncoder(options);
  EXPECT_TRUE(encoder.ok()) << encoder.status().ToString();
  for (const char* json : {test_events::kInsert, test_events::kUpdate}) {
    BsonPtr doc = test_events::FromJson(json);
    auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
    EXPECT_TRUE(e.ok());
    EXPECT_TRUE((*encoder)->Add(*e).ok());
  }
  std::string bytes;
  EXPECT_TRUE((*encoder)->Finish(&bytes).ok());
  const std::string path = dir.File("object" + std::string((*encoder)->extension()));
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

class FormatReadbackTest : public testing::TestWithParam<core::Codec> {};

TEST_P(FormatReadbackTest, JsonLinesFieldsComeBackExactly) {
  testing_support::TempDir dir;
  EncoderOptions o;
  o.compression = GetParam();
  const std::string path = WriteObject(dir, o);
  auto rows = DuckDbQuery(
      {"SELECT json->>'operationType' AS op, json->'ns'->>'coll' AS coll, "
       "json_extract_string(json, '$.clusterTime.\"$timestamp\".t') AS t, "
       "json_extract_string(json, '$.clusterTime.\"$timestamp\".i') AS i, "
       "json->'fullDocument'->>'name' AS name, json->'fullDocument'->>'qty' AS qty, "
       "json->'updateDescription'->>'removedFields' AS removed, "
       "json->'fullDocumentBeforeChange'->>'note' AS pre_note, json->>'txnNumber' AS txn "
       "FROM read_ndjson_objects(" +
       SqlLiteral(path) + ")"});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0],
            "{\"op\":\"insert\",\"coll\":\"orders\",\"t\":\"1736937045\",\"i\":\"7\",\"name\":"
            "\"Caf\xC3\xA9, \\\"best\\\"\\nline 2\",\"qty\":\"3\",\"removed\":null,\"pre_note\":"
            "null,\"txn\":null}");
  EXPECT_EQ((*rows)[1],
            "{\"op\":\"update\",\"coll\":\"orders\",\"t\":\"1736937045\",\"i\":\"8\",\"name\":null,"
            "\"qty\":null,\"removed\":\"[\\\"note\\\"]\",\"pre_note\":\"x\",\"txn\":\"5\"}");
}

TEST_P(FormatReadbackTest, CsvColumnsComeBackExactly) {
  testing_support::TempDir dir;
  EncoderOptions o;
  o.format = OutputFormat::kCsv;
  o.compression = GetParam();
  const std::string path = WriteObject(dir, o);
  // All columns as VARCHAR so nothing is reinterpreted; empty fields are NULL.
  auto rows = DuckDbQuery(
      {"SELECT operation_type, collection, cluster_time, cluster_time_increment, wall_time, "
       "full_document::JSON->>'name' AS name, removed_fields, txn_number, collection_uuid, "
       "resume_token FROM read_csv(" +
       SqlLiteral(path) + ", header = true, all_varchar = true)"});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0],
            "{\"operation_type\":\"insert\",\"collection\":\"orders\",\"cluster_time\":"
            "\"2025-01-15T10:30:45Z\",\"cluster_time_increment\":\"7\",\"wall_time\":"
            "\"2025-01-15T10:30:45.123Z\",\"name\":\"Caf\xC3\xA9, \\\"best\\\"\\nline 2\","
            "\"removed_fields\":null,\"txn_number\":null,\"collection_uuid\":null,"
            "\"resume_token\":\"{\\\"_data\\\":\\\"82678781550000000701\\\"}\"}");
  EXPECT_EQ((*rows)[1],
            "{\"operation_type\":\"update\",\"collection\":\"orders\",\"cluster_time\":"
            "\"2025-01-15T10:30:45Z\",\"cluster_time_increment\":\"8\",\"wall_time\":null,"
            "\"name\":null,\"removed_fields\":\"[\\\"note\\\"]\",\"txn_number\":\"5\","
            "\"collection_uuid\":\"11223344-5566-7788-99aa-bbccddeeff00\",\"resume_token\":"
            "\"{\\\"_data\\\":\\\"82678781550000000801\\\"}\"}");
}

INSTANTIATE_TEST_SUITE_P(Codecs, FormatReadbackTest,
                         testing::Values(core::Codec::kNone, core::Codec::kGzip,
                                         core::Codec::kZstd),
                         [](const auto& info) { return std::string(core::CodecName(info.param)); });

}  // namespace
}  // namespace cdc
