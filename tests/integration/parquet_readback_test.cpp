// Parquet objects read back by two independent readers, DuckDB and hyparquet: every variant
// (codecs, dictionary on/off, nulls, empty strings, unicode, 1 MiB strings, one and many row
// groups and pages, inferred schemas with type changes, random documents) returns exactly the
// values written, compared field by field against the source events; parquet_metadata() and
// parquet_schema() show the encodings, statistics and logical types we promise.
#include <bson/bson.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../cdc/format_fixtures.h"
#include "../cdc/random_bson.h"
#include "cdc/event/extended_json.h"
#include "cdc/event/extended_json_text.h"
#include "cdc/format/batch_encoder.h"
#include "support/duckdb.h"
#include "support/hyparquet.h"
#include "support/temp_dir.h"

namespace cdc {
namespace {

using testing_support::DuckDbQuery;
using testing_support::SqlLiteral;

// A row as comparable text: column -> "null", "s:<string>", "b:true", "d:<shortest double>",
// or "l:" + elements joined by '\x1f' (lists).
using Row = std::map<std::string, std::string>;

std::string Shortest(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

std::string Json(BsonView doc) {
  std::string out;
  EXPECT_TRUE(AppendExtendedJson(doc.data(), doc.size(), JsonMode::kRelaxed, &out).ok());
  return out;
}

std::string JsonValue(const bson_iter_t& it) {
  std::string out;
  EXPECT_TRUE(AppendExtendedJsonValue(it, JsonMode::kRelaxed, &out).ok());
  return out;
}

std::string OptJson(BsonView doc) {
  return doc ? "s:" + Json(doc) : "null";
}

std::string Uuid(std::string_view b) {
  std::string hex;
  AppendLowerHex(reinterpret_cast<const uint8_t*>(b.data()), b.size(), &hex);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// The events-schema columns of `e`, as both readers are asked to return them.
Row ExpectedEventRow(const ChangeEvent& e) {
  Row r;
  r["operation_type"] = "s:" + std::string(e.operation_type_name());
  r["database"] = e.ns() ? "s:" + std::string(e.ns()->db) : "null";
  r["collection"] = e.ns() ? "s:" + std::string(e.ns()->coll) : "null";
  r["to_database"] = e.to() ? "s:" + std::string(e.to()->db) : "null";
  r["to_collection"] = e.to() ? "s:" + std::string(e.to()->coll) : "null";
  const bool has_ct = e.cluster_time().seconds != 0 || e.cluster_time().increment != 0;
  r["cluster_time"] =
      has_ct ? "s:" + std::to_string(int64_t{e.cluster_time().seconds} * 1000) : "null";
  r["cluster_time_increment"] = has_ct ? "s:" + std::to_string(e.cluster_time().increment) : "null";
  r["wall_time"] = e.wall_time_ms() ? "s:" + std::to_string(*e.wall_time_ms()) : "null";
  const UpdateDescription none;
  const UpdateDescription& ud = e.update_description() ? *e.update_description() : none;
  r["document_key"] = OptJson(e.document_key());
  r["full_document"] = OptJson(e.full_document());
  r["full_document_before_change"] = OptJson(e.full_document_before_change());
  r["updated_fields"] = OptJson(ud.updated_fields);
  if (ud.removed_fields) {
    std::string list = "l:";
    bson_iter_t it;
    EXPECT_TRUE(ud.removed_fields.InitIter(&it));
    bool first = true;
    while (bson_iter_next(&it)) {
      if (!first) list.push_back('\x1f');
      first = false;
      if (BSON_ITER_HOLDS_UTF8(&it)) {
        uint32_t len = 0;
        const char* v = bson_iter_utf8(&it, &len);
        list.append(v, len);
      } else {
        list += JsonValue(it);
      }
    }
    r["removed_fields"] = list;
  } else {
    r["removed_fields"] = "null";
  }
  r["truncated_arrays"] = ud.truncated_arrays
                              ? "s:" +
                                    [&] {
                                      std::string a = "[";
                                      bson_iter_t it;
                                      EXPECT_TRUE(ud.truncated_arrays.InitIter(&it));
                                      bool first = true;
                                      while (bson_iter_next(&it)) {
                                        if (!first) a.push_back(',');
                                        first = false;
                                        a += JsonValue(it);
                                      }
                                      return a + "]";
                                    }()
                              : "null";
  r["disambiguated_paths"] = OptJson(ud.disambiguated_paths);
  r["operation_description"] = OptJson(e.operation_description());
  r["txn_number"] = e.txn_number() ? "s:" + std::to_string(*e.txn_number()) : "null";
  r["lsid"] = OptJson(e.lsid());
  r["collection_uuid"] =
      e.collection_uuid().size() == 16 ? "s:" + Uuid(e.collection_uuid()) : "null";
  r["resume_token"] = "s:" + Json(e.resume_token());
  return r;
}

// One reader's JSON line as a Row (all columns).
Row ParseRow(const std::string& line) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  EXPECT_EQ(parser.parse(line).get(obj), simdjson::SUCCESS) << line.substr(0, 200);
  Row r;
  for (auto [key, value] : obj) {
    std::string text;
    switch (value.type()) {
      case simdjson::dom::element_type::NULL_VALUE:
        text = "null";
        break;
      case simdjson::dom::element_type::STRING:
        text = "s:" + std::string(std::string_view(value));
        break;
      case simdjson::dom::element_type::BOOL:
        text = bool(value) ? "b:true" : "b:false";
        break;
      case simdjson::dom::element_type::ARRAY: {
        text = "l:";
        bool first = true;
        for (auto el : simdjson::dom::array(value)) {
          if (!first) text.push_back('\x1f');
          first = false;
          text += std::string(std::string_view(el));
        }
        break;
      }
      default:
        text = "?" + simdjson::to_string(value);
    }
    r[std::string(key)] = text;
  }
  return r;
}

// Normalizes an actual double column value ("s:<JS text>") to the expected form.
std::string ActualDouble(const std::string& v) {
  if (v.rfind("s:", 0) != 0 || v == "s:NaN" || v == "s:Infinity" || v == "s:-Infinity" ||
      v == "s:-0") {
    return v;
  }
  return "d:" + Shortest(std::strtod(v.c_str() + 2, nullptr));
}

std::string ExpectedDouble(double d) {
  if (std::isnan(d)) return "s:NaN";
  if (std::isinf(d)) return d > 0 ? "s:Infinity" : "s:-Infinity";
  if (d == 0 && std::signbit(d)) return "s:-0";
  return "d:" + Shortest(d);
}

// Events owned as BSON, parsed views alongside.
struct Batch {
  std::vector<BsonPtr> docs;
  std::vector<ChangeEvent> events;
  void Add(BsonPtr doc) {
    docs.push_back(std::move(doc));
    auto e = ChangeEvent::Parse(BsonView::Of(docs.back().get()));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    events.push_back(*e);
  }
  void AddJson(const std::string& json) { Add(test_events::FromJson(json)); }
};

std::string WriteFile(const testing_support::TempDir& dir, const std::string& name,
                      const Batch& batch, const EncoderOptions& o) {
  auto encoder = MakeBatchEncoder(o);
  EXPECT_TRUE(encoder.ok()) << encoder.status().ToString();
  for (const ChangeEvent& e : batch.events)
    EXPECT_TRUE((*encoder)->Add(e).ok());
  std::string bytes;
  core::Status st = (*encoder)->Finish(&bytes);
  EXPECT_TRUE(st.ok()) << st.ToString();
  const std::string path = dir.File(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The DuckDB projection of the events columns in the same text forms as hyparquet's.
std::string DuckDbEventColumns(const std::string& path) {
  return "SELECT operation_type, database, collection, to_database, to_collection, "
         "epoch_ms(cluster_time)::VARCHAR AS cluster_time, "
         "cluster_time_increment::VARCHAR AS cluster_time_increment, "
         "epoch_ms(wall_time)::VARCHAR AS wall_time, document_key::VARCHAR AS document_key, "
         "full_document::VARCHAR AS full_document, "
         "full_document_before_change::VARCHAR AS full_document_before_change, "
         "updated_fields::VARCHAR AS updated_fields, removed_fields, "
         "truncated_arrays::VARCHAR AS truncated_arrays, "
         "disambiguated_paths::VARCHAR AS disambiguated_paths, "
         "operation_description::VARCHAR AS operation_description, "
         "txn_number::VARCHAR AS txn_number, lsid::VARCHAR AS lsid, "
         "collection_uuid::VARCHAR AS collection_uuid, resume_token::VARCHAR AS resume_token "
         "FROM read_parquet(" +
         SqlLiteral(path) + ")";
}

// Compares the event columns of each reader's rows with the source events, field by field.
void ExpectEventColumns(const std::string& path, const Batch& batch) {
  auto hyp = testing_support::HyparquetRead(path);
  ASSERT_TRUE(hyp.ok()) << hyp.status().ToString();
  auto duck = DuckDbQuery({DuckDbEventColumns(path)});
  ASSERT_TRUE(duck.ok()) << duck.status().ToString();
  ASSERT_EQ(hyp->size(), batch.events.size());
  ASSERT_EQ(duck->size(), batch.events.size());
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const Row expected = ExpectedEventRow(batch.events[i]);
    const Row h = ParseRow((*hyp)[i]);
    const Row d = ParseRow((*duck)[i]);
    for (const auto& [column, value] : expected) {
      ASSERT_TRUE(h.count(column)) << column;
      EXPECT_EQ(h.at(column), value) << "hyparquet row " << i << " column " << column;
      EXPECT_EQ(d.at(column), value) << "duckdb row " << i << " column " << column;
    }
  }
}

// Fixed events covering nulls, empty strings, unicode, lists (null, empty, one, many), renames,
// and, when `big`, 1 MiB strings.
Batch VariedBatch(bool big) {
  Batch b;
  b.AddJson(test_events::kInsert);
  b.AddJson(test_events::kUpdate);
  b.AddJson(
      R"({"_id":{"_data":"03"},"operationType":"update","clusterTime":{"$timestamp":{"t":1,"i":0}},)"
      R"("ns":{"db":"","coll":"\u65e5\u672c"},"documentKey":{"_id":""},)"
      R"("updateDescription":{"updatedFields":{},"removedFields":[],"truncatedArrays":[]}})");
  b.AddJson(
      R"({"_id":{"_data":"04"},"operationType":"update","clusterTime":{"$timestamp":{"t":4294967295,"i":4294967295}},)"
      R"("ns":{"db":"shop","coll":"orders"},"documentKey":{"_id":1},)"
      R"("updateDescription":{"updatedFields":{"a.b":{"$numberLong":"-9223372036854775808"}},)"
      R"("removedFields":["x","y.z","\ud83d\ude00"],"truncatedArrays":[{"field":"arr","newSize":2}]}})");
  b.AddJson(
      R"({"_id":{"_data":"05"},"operationType":"rename","clusterTime":{"$timestamp":{"t":1736937046,"i":1}},)"
      R"("ns":{"db":"shop","coll":"orders"},"to":{"db":"shop","coll":"orders_old"}})");
  b.AddJson(
      R"({"_id":{"_data":"06"},"operationType":"delete","clusterTime":{"$timestamp":{"t":1736937047,"i":2}},)"
      R"("wallTime":{"$date":{"$numberLong":"-1"}},"ns":{"db":"shop","coll":"orders"},)"
      R"("documentKey":{"_id":{"$oid":"650000000000000000000002"}},"txnNumber":{"$numberLong":"0"}})");
  b.AddJson(R"({"_id":{"_data":"07"},"operationType":"dropDatabase",)"
            R"("clusterTime":{"$timestamp":{"t":1736937048,"i":3}},"ns":{"db":"shop"}})");
  if (big) {
    for (int i = 0; i < 3; ++i) {
      BsonPtr doc(bson_new());
      bson_t sub;
      BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "_id", &sub);
      BSON_APPEND_UTF8(&sub, "_data", ("big" + std::to_string(i)).c_str());
      bson_append_document_end(doc.get(), &sub);
      BSON_APPEND_UTF8(doc.get(), "operationType", "insert");
      BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "fullDocument", &sub);
      const std::string s(size_t{1} << 20, static_cast<char>('a' + i));
      bson_append_utf8(&sub, "s", 1, s.data(), static_cast<int>(s.size()));
      bson_append_document_end(doc.get(), &sub);
      b.Add(std::move(doc));
    }
  }
  return b;
}

struct Variant {
  core::Codec codec;
  bool dictionary;
  bool small_groups;  // 4 KiB pages, 16 KiB row groups: many of both
};

class ParquetReadbackTest : public testing::TestWithParam<Variant> {};

TEST_P(ParquetReadbackTest, EveryEventColumnComesBackExactly) {
  testing_support::TempDir dir;
  const Variant v = GetParam();
  EncoderOptions o;
  o.format = OutputFormat::kParquet;
  o.compression = v.codec;
  o.parquet.dictionary = v.dictionary;
  if (v.small_groups) {
    o.parquet.page_bytes = 4096;
    o.parquet.row_group_bytes = 16384;
  }
  Batch batch = VariedBatch(/*big=*/true);
  // Enough small events to fill several pages and row groups when they are small.
  for (int i = 0; i < 300; ++i)
    batch.AddJson(i % 2 ? test_events::kInsert : test_events::kUpdate);
  const std::string path = WriteFile(dir, "events.parquet", batch, o);
  ExpectEventColumns(path, batch);

  auto groups =
      DuckDbQuery({"SELECT count(DISTINCT row_group_id) AS n, "
                   "max(compression) AS codec FROM parquet_metadata(" +
                   SqlLiteral(path) + ")"});
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  const Row g = ParseRow(groups->at(0));
  const char* codec_names[] = {"s:UNCOMPRESSED", "s:GZIP", "s:ZSTD", "s:SNAPPY"};
  EXPECT_EQ(g.at("codec"), codec_names[static_cast<int>(v.codec)]);
  if (v.small_groups) {
    EXPECT_GT(std::stoll(g.at("n").substr(2)), 3);
  } else {
    EXPECT_EQ(g.at("n"), "s:1");
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, ParquetReadbackTest,
                         testing::Values(Variant{core::Codec::kNone, true, false},
                                         Variant{core::Codec::kSnappy, true, false},
                                         Variant{core::Codec::kGzip, true, false},
                                         Variant{core::Codec::kZstd, true, false},
                                         Variant{core::Codec::kSnappy, false, false},
                                         Variant{core::Codec::kZstd, false, true},
                                         Variant{core::Codec::kSnappy, true, true},
                                         Variant{core::Codec::kNone, false, true}),
                         [](const testing::TestParamInfo<Variant>& info) {
                           return std::string(core::CodecName(info.param.codec)) +
                                  (info.param.dictionary ? "_dict" : "_plain") +
                                  (info.param.small_groups ? "_many_groups" : "_one_group");
                         });

TEST(ParquetMetadataTest, EncodingsStatisticsLogicalTypesAndKeyValues) {
  testing_support::TempDir dir;
  EncoderOptions o;
  o.format = OutputFormat::kParquet;
  o.compression = core::Codec::kZstd;
  const Batch batch = VariedBatch(/*big=*/false);
  const std::string path = WriteFile(dir, "m.parquet", batch, o);
  auto meta = DuckDbQuery(
      {"SELECT path_in_schema AS p, encodings AS e, stats_min_value AS lo, stats_max_value AS hi, "
       "stats_null_count::VARCHAR AS nulls FROM parquet_metadata(" +
       SqlLiteral(path) +
       ") WHERE path_in_schema IN ('operation_type', 'cluster_time_increment', 'txn_number', "
       "'to_collection', 'removed_fields, list, element') ORDER BY p"});
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  ASSERT_EQ(meta->size(), 5u);
  EXPECT_EQ(
      (*meta)[0],
      R"({"p":"cluster_time_increment","e":"PLAIN, RLE","lo":"0","hi":"4294967295","nulls":"0"})");
  EXPECT_EQ(
      (*meta)[1],
      R"({"p":"operation_type","e":"PLAIN, RLE_DICTIONARY","lo":"delete","hi":"update","nulls":"0"})");
  // Unsigned byte order: U+1F600 (F0 9F ...) sorts after ASCII.
  EXPECT_EQ((*meta)[2],
            "{\"p\":\"removed_fields, list, element\",\"e\":\"PLAIN, RLE, "
            "RLE_DICTIONARY\",\"lo\":\"note\",\"hi\":\"\xF0\x9F\x98\x80\",\"nulls\":"
            "\"5\"}");
  EXPECT_EQ(
      (*meta)[3],
      R"({"p":"to_collection","e":"PLAIN, RLE, RLE_DICTIONARY","lo":"orders_old","hi":"orders_old","nulls":"6"})");
  EXPECT_EQ((*meta)[4], R"({"p":"txn_number","e":"PLAIN, RLE","lo":"0","hi":"5","nulls":"5"})");

  auto schema =
      DuckDbQuery({"SELECT name, logical_type AS l, duckdb_type AS t FROM "
                   "parquet_schema(" +
                   SqlLiteral(path) +
                   ") WHERE name IN ('cluster_time', 'collection_uuid', 'lsid', "
                   "'removed_fields') ORDER BY name"});
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  ASSERT_EQ(schema->size(), 4u);
  EXPECT_EQ(
      (*schema)[0],
      R"j({"name":"cluster_time","l":"TimestampType(isAdjustedToUTC=1, unit=TimeUnit()j"
      R"j(MILLIS=MilliSeconds(), MICROS=<null>, NANOS=<null>))","t":"TIMESTAMP WITH TIME ZONE"})j");
  EXPECT_EQ((*schema)[1], R"j({"name":"collection_uuid","l":"UUIDType()","t":"UUID"})j");
  EXPECT_EQ((*schema)[2], R"j({"name":"lsid","l":"JsonType()","t":"JSON"})j");
  EXPECT_EQ((*schema)[3], R"j({"name":"removed_fields","l":"ListType()","t":null})j");

  auto kv = DuckDbQuery({"SELECT key::VARCHAR AS k, value::VARCHAR AS v FROM parquet_kv_metadata(" +
                         SqlLiteral(path) + ") ORDER BY k"});
  ASSERT_TRUE(kv.ok()) << kv.status().ToString();
  ASSERT_EQ(kv->size(), 4u);
  EXPECT_EQ((*kv)[1], R"({"k":"rigatoni.pipeline","v":"mongodb change stream events"})");
  EXPECT_EQ((*kv)[2], R"({"k":"rigatoni.schema_mode","v":"events"})");
  EXPECT_EQ((*kv)[3], R"({"k":"writer","v":"rigatoni )" PROJECT_VERSION R"("})");
  auto file =
      DuckDbQuery({"SELECT created_by FROM parquet_file_metadata(" + SqlLiteral(path) + ")"});
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->at(0), R"({"created_by":"rigatoni version )" PROJECT_VERSION R"("})");
}

// The expected doc_ columns of a batch under the documented inference rule, computed here
// independently of the writer.
std::map<std::string, std::string> ExpectedKinds(const Batch& b) {
  std::map<std::string, std::string> kinds;  // field -> "int32"... or "json"
  for (const ChangeEvent& e : b.events) {
    bson_iter_t it;
    if (!e.full_document() || !e.full_document().InitIter(&it)) continue;
    std::set<std::string> seen;
    while (bson_iter_next(&it)) {
      const std::string key = bson_iter_key(&it);
      if (!seen.insert(key).second) continue;
      std::string k;
      switch (bson_iter_type(&it)) {
        case BSON_TYPE_NULL:
        case BSON_TYPE_UNDEFINED:
          k = "null";
          break;
        case BSON_TYPE_INT32:
          k = "int32";
          break;
        case BSON_TYPE_INT64:
          k = "int64";
          break;
        case BSON_TYPE_DOUBLE:
          k = "double";
          break;
        case BSON_TYPE_BOOL:
          k = "bool";
          break;
        case BSON_TYPE_UTF8:
          k = "string";
          break;
        case BSON_TYPE_DATE_TIME:
          k = "date";
          break;
        case BSON_TYPE_DECIMAL128:
          k = "decimal";
          break;
        case BSON_TYPE_OID:
          k = "oid";
          break;
        case BSON_TYPE_BINARY:
          k = "binary";
          break;
        default:
          k = "json";
      }
      auto [pos, added] = kinds.try_emplace(key, k);
      std::string& cur = pos->second;
      if (added || k == "null" || cur == k) continue;
      if (cur == "null") {
        cur = k;
      } else if ((cur == "int32" || cur == "int64") && (k == "int32" || k == "int64")) {
        cur = "int64";
      } else {
        cur = "json";
      }
    }
  }
  return kinds;
}

std::string Base64(const uint8_t* data, size_t len) {
  std::string out;
  AppendBase64(data, len, &out);
  return out;
}

// Expected doc_<field> value for `it` in a column of `kind` (hyparquet's text forms).
std::string ExpectedDocValue(const bson_iter_t& it, const std::string& kind) {
  if (BSON_ITER_HOLDS_NULL(&it) || bson_iter_type(&it) == BSON_TYPE_UNDEFINED) return "null";
  if (kind == "int32") return "s:" + std::to_string(bson_iter_int32(&it));
  if (kind == "int64") return "s:" + std::to_string(bson_iter_as_int64(&it));
  if (kind == "double") return ExpectedDouble(bson_iter_double(&it));
  if (kind == "bool") return bson_iter_bool(&it) ? "b:true" : "b:false";
  if (kind == "string") {
    uint32_t len = 0;
    const char* v = bson_iter_utf8(&it, &len);
    return "s:" + std::string(v, len);
  }
  if (kind == "date") return "s:" + std::to_string(bson_iter_date_time(&it));
  if (kind == "decimal") {
    bson_decimal128_t d;
    bson_iter_decimal128(&it, &d);
    char text[BSON_DECIMAL128_STRING];
    bson_decimal128_to_string(&d, text);
    return std::string("s:") + text;
  }
  if (kind == "oid") {
    char hex[25];
    bson_oid_to_string(bson_iter_oid(&it), hex);
    return std::string("s:") + hex;
  }
  if (kind == "binary") {
    bson_subtype_t st;
    uint32_t len = 0;
    const uint8_t* data = nullptr;
    bson_iter_binary(&it, &st, &len, &data);
    return "s:base64:" + Base64(data, len);
  }
  return "s:" + JsonValue(it);
}

void ExpectInferredColumns(const std::string& path, const Batch& batch) {
  const auto kinds = ExpectedKinds(batch);
  auto hyp = testing_support::HyparquetRead(path);
  ASSERT_TRUE(hyp.ok()) << hyp.status().ToString();
  ASSERT_EQ(hyp->size(), batch.events.size());
  for (size_t i = 0; i < batch.events.size(); ++i) {
    Row actual = ParseRow((*hyp)[i]);
    Row expected = ExpectedEventRow(batch.events[i]);
    for (const auto& [field, kind] : kinds)
      expected["doc_" + field] = "null";
    bson_iter_t it;
    const BsonView doc = batch.events[i].full_document();
    std::set<std::string> seen;
    if (doc && doc.InitIter(&it)) {
      while (bson_iter_next(&it)) {
        const std::string key = bson_iter_key(&it);
        if (!seen.insert(key).second) continue;
        expected["doc_" + key] = ExpectedDocValue(it, kinds.at(key));
      }
    }
    for (const auto& [field, kind] : kinds) {
      if (kind == "double") actual["doc_" + field] = ActualDouble(actual["doc_" + field]);
    }
    ASSERT_EQ(actual.size(), expected.size()) << "row " << i;
    for (const auto& [column, value] : expected) {
      EXPECT_EQ(actual[column], value) << "hyparquet row " << i << " column " << column;
    }
  }
}

TEST(ParquetInferTest, TypedColumnsAndTypeChangesFallBackToJson) {
  Batch b;
  const char* head =
      R"({"_id":{"_data":"1"},"operationType":"insert","ns":{"db":"d","coll":"c"},"fullDocument":)";
  b.AddJson(
      std::string(head) +
      R"({"i":{"$numberInt":"1"},"l":{"$numberInt":"2"},"d":1.5,"b":true,"s":"x",)"
      R"("t":{"$date":{"$numberLong":"1736937045123"}},"m":{"$numberDecimal":"9.990"},)"
      R"("o":{"$oid":"650000000000000000000001"},"bin":{"$binary":{"base64":"AAEC","subType":"00"}},)"
      R"("v":"str","n":null,"sub":{"a":[1,2]}}})");
  b.AddJson(std::string(head) +
            R"({"i":{"$numberInt":"-2147483648"},"l":{"$numberLong":"9223372036854775807"},)"
            R"("d":-0.0,"b":false,"s":"","v":{"$numberInt":"7"},"extra":"\u00e9"}})");
  b.AddJson(R"({"_id":{"_data":"2"},"operationType":"delete","ns":{"db":"d","coll":"c"}})");
  const auto kinds = ExpectedKinds(b);
  EXPECT_EQ(kinds.at("l"), "int64");
  EXPECT_EQ(kinds.at("v"), "json");
  EXPECT_EQ(kinds.at("n"), "null");

  testing_support::TempDir dir;
  EncoderOptions o;
  o.format = OutputFormat::kParquet;
  o.parquet.schema = ParquetSchemaMode::kInfer;
  const std::string path = WriteFile(dir, "infer.parquet", b, o);
  ExpectInferredColumns(path, b);
  ExpectEventColumns(path, b);

  auto duck = DuckDbQuery(
      {"SELECT doc_i, doc_l::VARCHAR AS l, doc_d::VARCHAR AS d, doc_b, doc_s, "
       "epoch_ms(doc_t)::VARCHAR AS t, doc_m, doc_o, hex(doc_bin) AS bin, doc_v::VARCHAR AS v, "
       "doc_n::VARCHAR AS n, doc_sub::VARCHAR AS sub, doc_extra FROM read_parquet(" +
       SqlLiteral(path) + ")"});
  ASSERT_TRUE(duck.ok()) << duck.status().ToString();
  ASSERT_EQ(duck->size(), 3u);
  EXPECT_EQ((*duck)[0],
            R"({"doc_i":1,"l":"2","d":"1.5","doc_b":true,"doc_s":"x","t":"1736937045123",)"
            R"("doc_m":"9.990","doc_o":"650000000000000000000001","bin":"000102","v":"\"str\"",)"
            R"("n":null,"sub":"{\"a\":[1,2]}","doc_extra":null})");
  EXPECT_EQ((*duck)[1],
            R"({"doc_i":-2147483648,"l":"9223372036854775807","d":"-0.0","doc_b":false,"doc_s":"",)"
            R"("t":null,"doc_m":null,"doc_o":null,"bin":null,"v":"7","n":null,"sub":null,)"
            "\"doc_extra\":\"\xC3\xA9\"}");
  EXPECT_EQ((*duck)[2],
            R"({"doc_i":null,"l":null,"d":null,"doc_b":null,"doc_s":null,"t":null,"doc_m":null,)"
            R"("doc_o":null,"bin":null,"v":null,"n":null,"sub":null,"doc_extra":null})");
}

// Property: random change events whose documents use every BSON type come back exactly from
// both readers, in both schema modes.
TEST(ParquetPropertyTest, RandomEventsRoundTrip) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomBson random(seed);
    std::mt19937_64 rng(seed);
    Batch b;
    const char* ops[] = {"insert", "update", "replace", "delete"};
    for (int i = 0; i < 150; ++i) {
      BsonPtr doc(bson_new());
      bson_t sub;
      BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "_id", &sub);
      BSON_APPEND_UTF8(&sub, "_data", std::to_string(rng()).c_str());
      bson_append_document_end(doc.get(), &sub);
      BSON_APPEND_UTF8(doc.get(), "operationType", ops[rng() % 4]);
      BSON_APPEND_TIMESTAMP(doc.get(), "clusterTime", static_cast<uint32_t>(rng()),
                            static_cast<uint32_t>(rng()));
      if (rng() % 2)
        BSON_APPEND_DATE_TIME(doc.get(), "wallTime", static_cast<int64_t>(rng()) >> 20);
      BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "ns", &sub);
      BSON_APPEND_UTF8(&sub, "db", "db");
      const char* coll = (rng() % 3) ? "c" : "\xE2\x82\xAC";  // (BSON_APPEND_UTF8 evaluates twice)
      BSON_APPEND_UTF8(&sub, "coll", coll);
      bson_append_document_end(doc.get(), &sub);
      BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "documentKey", &sub);
      BSON_APPEND_INT64(&sub, "_id", static_cast<int64_t>(rng()));
      bson_append_document_end(doc.get(), &sub);
      if (rng() % 4) {
        BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "fullDocument", &sub);
        random.Fill(&sub);
        bson_append_document_end(doc.get(), &sub);
      }
      if (rng() % 3 == 0) {
        BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "updateDescription", &sub);
        bson_t fields, removed;
        BSON_APPEND_DOCUMENT_BEGIN(&sub, "updatedFields", &fields);
        random.Fill(&fields);
        bson_append_document_end(&sub, &fields);
        BSON_APPEND_ARRAY_BEGIN(&sub, "removedFields", &removed);
        const int n = static_cast<int>(rng() % 4);
        for (int k = 0; k < n; ++k) {
          BSON_APPEND_UTF8(&removed, std::to_string(k).c_str(),
                           ("f" + std::to_string(rng() % 5)).c_str());
        }
        bson_append_array_end(&sub, &removed);
        bson_append_document_end(doc.get(), &sub);
      }
      if (rng() % 5 == 0) BSON_APPEND_INT64(doc.get(), "txnNumber", static_cast<int64_t>(rng()));
      b.Add(std::move(doc));
    }
    testing_support::TempDir dir;
    EncoderOptions o;
    o.format = OutputFormat::kParquet;
    o.compression = seed % 2 ? core::Codec::kSnappy : core::Codec::kZstd;
    o.parquet.page_bytes = 8192;
    ExpectEventColumns(WriteFile(dir, "events.parquet", b, o), b);
    o.parquet.schema = ParquetSchemaMode::kInfer;
    ExpectInferredColumns(WriteFile(dir, "infer.parquet", b, o), b);
  }
}

}  // namespace
}  // namespace cdc
