// Avro object container files read back by avsc (an independent implementation of the Avro
// specification): every codec, nulls, unicode, large values, many blocks, and a seeded property
// test over random change events, each field compared exactly with the source event.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../cdc/format_fixtures.h"
#include "../cdc/random_bson.h"
#include "cdc/event/bson_ptr.h"
#include "cdc/event/extended_json.h"
#include "cdc/format/avro/change_event_schema.h"
#include "cdc/format/avro_encoder.h"
#include "core/json_writer.h"
#include "support/avsc.h"
#include "support/temp_dir.h"

namespace cdc {
namespace {

using testing_support::AvscReadContainer;

// One expected avsc record line, fields in schema order (longs as strings, absent as null).
class ExpectedRecord {
 public:
  ExpectedRecord() { w_.BeginObject(); }
  ExpectedRecord& Str(const char* key, std::optional<std::string_view> v) {
    w_.Key(key);
    v ? w_.String(*v) : w_.Null();
    return *this;
  }
  ExpectedRecord& Long(const char* key, std::optional<int64_t> v) {
    return Str(key, v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt);
  }
  ExpectedRecord& Strings(const char* key, std::optional<std::vector<std::string>> v) {
    w_.Key(key);
    if (!v) {
      w_.Null();
      return *this;
    }
    w_.BeginArray();
    for (const auto& s : *v)
      w_.String(s);
    w_.EndArray();
    return *this;
  }
  std::string Done() {
    w_.EndObject();
    return *line_;
  }

 private:
  // On the heap, so the writer's pointer survives moving the ExpectedRecord.
  std::unique_ptr<std::string> line_ = std::make_unique<std::string>();
  core::JsonWriter w_{line_.get()};
};

std::string WriteFile(const testing_support::TempDir& dir, const std::string& name,
                      const std::string& bytes) {
  const std::string path = dir.File(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string EncodeJsonEvents(const EncoderOptions& options, const std::vector<std::string>& jsons) {
  EncoderOptions o = options;
  o.format = OutputFormat::kAvro;
  auto encoder = MakeBatchEncoder(o);
  EXPECT_TRUE(encoder.ok()) << encoder.status().ToString();
  for (const auto& json : jsons) {
    BsonPtr doc = test_events::FromJson(json);
    auto e = ChangeEvent::Parse(BsonView::Of(doc.get()));
    EXPECT_TRUE(e.ok());
    core::Status st = (*encoder)->Add(*e);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  std::string bytes;
  EXPECT_TRUE((*encoder)->Finish(&bytes).ok());
  return bytes;
}

const char* AvroCodecName(core::Codec c) {
  switch (c) {
    case core::Codec::kNone:
      return "null";
    case core::Codec::kGzip:
      return "deflate";
    case core::Codec::kZstd:
      return "zstandard";
    case core::Codec::kSnappy:
      return "snappy";
  }
  return "?";
}

class AvroReadbackTest : public testing::TestWithParam<core::Codec> {};

TEST_P(AvroReadbackTest, FixtureEventsComeBackFieldByField) {
  testing_support::TempDir dir;
  EncoderOptions o;
  o.compression = GetParam();
  const std::string path = WriteFile(
      dir, "fixtures.avro", EncodeJsonEvents(o, {test_events::kInsert, test_events::kUpdate}));
  auto lines = AvscReadContainer(path);
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 3u);

  std::string header;
  core::JsonWriter h(&header);
  h.BeginObject().Field("codec", AvroCodecName(GetParam())).Key("metadata").BeginObject();
  h.Field("avro.schema", avro::ChangeEventSchemaJson())
      .Field("avro.codec", AvroCodecName(GetParam()))
      .Field("rigatoni.writer", std::string("rigatoni ") + PROJECT_VERSION)
      .Field("rigatoni.json_mode", "relaxed")
      .EndObject();
  const std::string header_prefix = header;
  EXPECT_EQ((*lines)[0].substr(0, header_prefix.size()), header_prefix);
  EXPECT_NE((*lines)[0].find(R"("blocks":[2]})"), std::string::npos) << (*lines)[0];

  EXPECT_EQ((*lines)[1],
            ExpectedRecord()
                .Str("operation_type", "insert")
                .Str("database", "shop")
                .Str("collection", "orders")
                .Str("to_database", std::nullopt)
                .Str("to_collection", std::nullopt)
                .Long("cluster_time", 1736937045000)
                .Long("cluster_time_increment", 7)
                .Long("wall_time", 1736937045123)
                .Str("document_key", R"({"_id":{"$oid":"650000000000000000000001"}})")
                .Str("full_document",
                     "{\"_id\":{\"$oid\":\"650000000000000000000001\"},\"name\":\"Caf\xC3\xA9, "
                     "\\\"best\\\"\\nline 2\",\"qty\":3,\"price\":{\"$numberDecimal\":\"9.99\"}}")
                .Str("full_document_before_change", std::nullopt)
                .Str("updated_fields", std::nullopt)
                .Strings("removed_fields", std::nullopt)
                .Str("truncated_arrays", std::nullopt)
                .Str("disambiguated_paths", std::nullopt)
                .Str("operation_description", std::nullopt)
                .Long("txn_number", std::nullopt)
                .Str("lsid", std::nullopt)
                .Str("collection_uuid", std::nullopt)
                .Str("resume_token", R"({"_data":"82678781550000000701"})")
                .Done());
  EXPECT_EQ(
      (*lines)[2],
      ExpectedRecord()
          .Str("operation_type", "update")
          .Str("database", "shop")
          .Str("collection", "orders")
          .Str("to_database", std::nullopt)
          .Str("to_collection", std::nullopt)
          .Long("cluster_time", 1736937045000)
          .Long("cluster_time_increment", 8)
          .Long("wall_time", std::nullopt)
          .Str("document_key", R"({"_id":42})")
          .Str("full_document", std::nullopt)
          .Str("full_document_before_change", R"({"_id":42,"qty":3,"note":"x"})")
          .Str("updated_fields", R"({"qty":4})")
          .Strings("removed_fields", std::vector<std::string>{"note"})
          .Str("truncated_arrays", "[]")
          .Str("disambiguated_paths", std::nullopt)
          .Str("operation_description", std::nullopt)
          .Long("txn_number", 5)
          .Str("lsid", R"({"id":{"$binary":{"base64":"ESIzRFVmd4iZqrvM3e7/AA==","subType":"04"}}})")
          .Str("collection_uuid", "11223344-5566-7788-99aa-bbccddeeff00")
          .Str("resume_token", R"({"_data":"82678781550000000801"})")
          .Done());
}

TEST_P(AvroReadbackTest, NullsUnicodeAndExtremeValues) {
  testing_support::TempDir dir;
  EncoderOptions o;
  o.compression = GetParam();
  o.json_mode = JsonMode::kCanonical;
  // A rename between unicode namespaces, a pre-1970 wall time, the largest txnNumber, a
  // dropDatabase (no collection) and a deployment-level invalidate (no ns at all).
  const std::string rename =
      R"({"_id":{"_data":"A1"},"operationType":"rename",)"
      R"("clusterTime":{"$timestamp":{"t":4294967295,"i":4294967295}},)"
      R"("wallTime":{"$date":{"$numberLong":"-86400001"}},)"
      "\"ns\":{\"db\":\"donn\xC3\xA9"
      "es\",\"coll\":\"\xE6\xB3\xA8\xE6\x96\x87\"},"
      "\"to\":{\"db\":\"d\xE2\x80\xA8\",\"coll\":\"\xF0\x9F\x98\x80 \\\"q\\\"\"},"
      R"("txnNumber":{"$numberLong":"9223372036854775807"},)"
      R"("operationDescription":{"to":{"db":"x","coll":"y"},"n":{"$numberInt":"1"}}})";
  const std::string drop_database =
      R"({"_id":{"_data":"A2"},"operationType":"dropDatabase",)"
      R"("clusterTime":{"$timestamp":{"t":0,"i":0}},"ns":{"db":"old"},)"
      R"("txnNumber":{"$numberLong":"-9223372036854775808"}})";
  const std::string invalidate = R"({"_id":{"_data":"A3"},"operationType":"invalidate"})";
  const std::string path =
      WriteFile(dir, "edge.avro", EncodeJsonEvents(o, {rename, drop_database, invalidate}));
  auto lines = AvscReadContainer(path);
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 4u);
  auto base = [](const char* op, std::optional<std::string_view> db) {
    ExpectedRecord r;
    r.Str("operation_type", op).Str("database", db);
    return r;
  };
  EXPECT_EQ((*lines)[1], base("rename",
                              "donn\xC3\xA9"
                              "es")
                             .Str("collection", "\xE6\xB3\xA8\xE6\x96\x87")
                             .Str("to_database", "d\xE2\x80\xA8")
                             .Str("to_collection", "\xF0\x9F\x98\x80 \"q\"")
                             .Long("cluster_time", int64_t{4294967295} * 1000)
                             .Long("cluster_time_increment", 4294967295)
                             .Long("wall_time", -86400001)
                             .Str("document_key", std::nullopt)
                             .Str("full_document", std::nullopt)
                             .Str("full_document_before_change", std::nullopt)
                             .Str("updated_fields", std::nullopt)
                             .Strings("removed_fields", std::nullopt)
                             .Str("truncated_arrays", std::nullopt)
                             .Str("disambiguated_paths", std::nullopt)
                             .Str("operation_description",
                                  R"({"to":{"db":"x","coll":"y"},"n":{"$numberInt":"1"}})")
                             .Long("txn_number", std::numeric_limits<int64_t>::max())
                             .Str("lsid", std::nullopt)
                             .Str("collection_uuid", std::nullopt)
                             .Str("resume_token", R"({"_data":"A1"})")
                             .Done());
  auto empty_tail = [](ExpectedRecord& r, std::optional<int64_t> txn, const char* token) {
    r.Str("document_key", std::nullopt)
        .Str("full_document", std::nullopt)
        .Str("full_document_before_change", std::nullopt)
        .Str("updated_fields", std::nullopt)
        .Strings("removed_fields", std::nullopt)
        .Str("truncated_arrays", std::nullopt)
        .Str("disambiguated_paths", std::nullopt)
        .Str("operation_description", std::nullopt)
        .Long("txn_number", txn)
        .Str("lsid", std::nullopt)
        .Str("collection_uuid", std::nullopt)
        .Str("resume_token", token);
    return r.Done();
  };
  ExpectedRecord dropdb = base("dropDatabase", "old");
  dropdb.Str("collection", std::nullopt)
      .Str("to_database", std::nullopt)
      .Str("to_collection", std::nullopt)
      .Long("cluster_time", 0)
      .Long("cluster_time_increment", 0)
      .Long("wall_time", std::nullopt);
  EXPECT_EQ((*lines)[2],
            empty_tail(dropdb, std::numeric_limits<int64_t>::min(), R"({"_data":"A2"})"));
  ExpectedRecord inval = base("invalidate", "");
  inval.Str("collection", std::nullopt)
      .Str("to_database", std::nullopt)
      .Str("to_collection", std::nullopt)
      .Long("cluster_time", 0)
      .Long("cluster_time_increment", 0)
      .Long("wall_time", std::nullopt);
  EXPECT_EQ((*lines)[3], empty_tail(inval, std::nullopt, R"({"_data":"A3"})"));
}

// --- Independent expectation for any event: the mapping docs/formats.md states. ---

std::optional<std::string> ExtJson(BsonView doc, JsonMode mode) {
  if (!doc) return std::nullopt;
  std::string s;
  EXPECT_TRUE(AppendExtendedJson(doc.data(), doc.size(), mode, &s).ok());
  return s;
}

std::string ExtJsonValue(const bson_iter_t& it, JsonMode mode) {
  std::string s;
  EXPECT_TRUE(AppendExtendedJsonValue(it, mode, &s).ok());
  return s;
}

std::string Expect(const ChangeEvent& e, JsonMode mode) {
  ExpectedRecord r;
  auto nonempty = [](std::string_view s) {
    return s.empty() ? std::nullopt : std::optional<std::string_view>(s);
  };
  r.Str("operation_type", e.operation_type_name())
      .Str("database", e.ns() ? e.ns()->db : "")
      .Str("collection", e.ns() ? nonempty(e.ns()->coll) : std::nullopt)
      .Str("to_database", e.to() ? nonempty(e.to()->db) : std::nullopt)
      .Str("to_collection", e.to() ? nonempty(e.to()->coll) : std::nullopt)
      .Long("cluster_time", int64_t{e.cluster_time().seconds} * 1000)
      .Long("cluster_time_increment", e.cluster_time().increment)
      .Long("wall_time", e.wall_time_ms());
  const UpdateDescription none;
  const UpdateDescription& ud = e.update_description() ? *e.update_description() : none;
  r.Str("document_key", ExtJson(e.document_key(), mode))
      .Str("full_document", ExtJson(e.full_document(), mode))
      .Str("full_document_before_change", ExtJson(e.full_document_before_change(), mode))
      .Str("updated_fields", ExtJson(ud.updated_fields, mode));
  std::optional<std::vector<std::string>> removed;
  std::optional<std::string> truncated;
  if (ud.removed_fields) {
    removed.emplace();
    bson_iter_t it;
    EXPECT_TRUE(ud.removed_fields.InitIter(&it));
    while (bson_iter_next(&it)) {
      if (BSON_ITER_HOLDS_UTF8(&it)) {
        uint32_t len = 0;
        const char* s = bson_iter_utf8(&it, &len);
        removed->emplace_back(s, len);
      } else {
        removed->push_back(ExtJsonValue(it, mode));
      }
    }
  }
  if (ud.truncated_arrays) {
    truncated = "[";
    bson_iter_t it;
    EXPECT_TRUE(ud.truncated_arrays.InitIter(&it));
    bool first = true;
    while (bson_iter_next(&it)) {
      if (!first) *truncated += ",";
      first = false;
      *truncated += ExtJsonValue(it, mode);
    }
    *truncated += "]";
  }
  std::optional<std::string> uuid;
  if (e.collection_uuid().size() == 16) {
    static constexpr char kHex[] = "0123456789abcdef";
    uuid.emplace();
    for (size_t i = 0; i < 16; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) uuid->push_back('-');
      const auto b = static_cast<uint8_t>(e.collection_uuid()[i]);
      uuid->push_back(kHex[b >> 4]);
      uuid->push_back(kHex[b & 15]);
    }
  }
  r.Strings("removed_fields", removed)
      .Str("truncated_arrays", truncated)
      .Str("disambiguated_paths", ExtJson(ud.disambiguated_paths, mode))
      .Str("operation_description", ExtJson(e.operation_description(), mode))
      .Long("txn_number", e.txn_number())
      .Str("lsid", ExtJson(e.lsid(), mode))
      .Str("collection_uuid", uuid)
      .Str("resume_token", ExtJson(e.resume_token(), mode));
  return r.Done();
}

// Seeded random change events: every field present or absent at random, random documents
// (every BSON type), unicode strings, extreme numbers.
class RandomChangeEvents {
 public:
  explicit RandomChangeEvents(uint64_t seed) : rng_(seed), docs_(seed * 7 + 1) {}

  BsonPtr Next(int index) {
    BsonPtr e(bson_new());
    bson_t* b = e.get();
    bson_t child;
    BSON_APPEND_DOCUMENT_BEGIN(b, "_id", &child);
    const std::string token = "82" + std::to_string(index) + "_" + std::to_string(rng_());
    BSON_APPEND_UTF8(&child, "_data", token.c_str());
    bson_append_document_end(b, &child);
    static const char* const kOps[] = {"insert",        "update",        "replace",      "delete",
                                       "drop",          "rename",        "dropDatabase", "modify",
                                       "createIndexes", "someFutureType"};
    BSON_APPEND_UTF8(b, "operationType", kOps[rng_() % 10]);
    if (Coin()) {
      BSON_APPEND_TIMESTAMP(b, "clusterTime", static_cast<uint32_t>(rng_()),
                            static_cast<uint32_t>(rng_()));
    }
    if (Coin()) BSON_APPEND_DATE_TIME(b, "wallTime", ExtremeInt64());
    if (Coin()) AppendNamespace(b, "ns");
    if (rng_() % 4 == 0) AppendNamespace(b, "to");
    if (Coin()) AppendRandomDocument(b, "documentKey");
    if (Coin()) AppendRandomDocument(b, "fullDocument");
    if (rng_() % 3 == 0) AppendRandomDocument(b, "fullDocumentBeforeChange");
    if (Coin()) {
      BSON_APPEND_DOCUMENT_BEGIN(b, "updateDescription", &child);
      AppendRandomDocument(&child, "updatedFields");
      bson_t array;
      BSON_APPEND_ARRAY_BEGIN(&child, "removedFields", &array);
      const int n = static_cast<int>(rng_() % 4);
      for (int i = 0; i < n; ++i) {
        const std::string key = std::to_string(i);
        if (rng_() % 5 == 0) {
          BSON_APPEND_INT32(&array, key.c_str(), static_cast<int32_t>(rng_()));  // not a path
        } else {
          const std::string s = Text();
          bson_append_utf8(&array, key.c_str(), -1, s.data(), static_cast<int>(s.size()));
        }
      }
      bson_append_array_end(&child, &array);
      if (Coin()) {
        BSON_APPEND_ARRAY_BEGIN(&child, "truncatedArrays", &array);
        const int arrays = static_cast<int>(rng_() % 3);
        for (int i = 0; i < arrays; ++i) {
          bson_t item;
          BSON_APPEND_DOCUMENT_BEGIN(&array, std::to_string(i).c_str(), &item);
          BSON_APPEND_UTF8(&item, "field", "arr");
          BSON_APPEND_INT32(&item, "newSize", static_cast<int32_t>(rng_() % 100));
          bson_append_document_end(&array, &item);
        }
        bson_append_array_end(&child, &array);
      }
      if (rng_() % 4 == 0) AppendRandomDocument(&child, "disambiguatedPaths");
      bson_append_document_end(b, &child);
    }
    if (rng_() % 4 == 0) AppendRandomDocument(b, "operationDescription");
    if (Coin()) BSON_APPEND_INT64(b, "txnNumber", ExtremeInt64());
    if (Coin()) AppendRandomDocument(b, "lsid");
    if (Coin()) {
      uint8_t bytes[16];
      for (auto& x : bytes)
        x = static_cast<uint8_t>(rng_());
      BSON_APPEND_BINARY(b, "collectionUUID", BSON_SUBTYPE_UUID, bytes, 16);
    }
    return e;
  }

 private:
  bool Coin() { return rng_() % 2 == 0; }

  int64_t ExtremeInt64() {
    switch (rng_() % 4) {
      case 0:
        return std::numeric_limits<int64_t>::min();
      case 1:
        return std::numeric_limits<int64_t>::max();
      case 2:
        return static_cast<int64_t>(rng_() % 2000) - 1000;
      default:
        return static_cast<int64_t>(rng_());
    }
  }

  // Valid UTF-8 with quotes, backslashes, control characters and multi-byte sequences.
  std::string Text() {
    static const char* const kPieces[] = {"a",
                                          "Z",
                                          "0",
                                          " ",
                                          "\"",
                                          "\\",
                                          "\n",
                                          "\x01",
                                          ".",
                                          "\xC3\xA9",
                                          "\xE2\x82\xAC",
                                          "\xF0\x9F\x98\x80",
                                          "\xE2\x80\xA8",
                                          "\x7f"};
    std::string s;
    const int n = static_cast<int>(rng_() % 8);
    for (int i = 0; i < n; ++i)
      s += kPieces[rng_() % (sizeof kPieces / sizeof kPieces[0])];
    return s;
  }

  void AppendNamespace(bson_t* b, const char* key) {
    bson_t ns;
    BSON_APPEND_DOCUMENT_BEGIN(b, key, &ns);
    const std::string db = Text();
    bson_append_utf8(&ns, "db", -1, db.data(), static_cast<int>(db.size()));
    if (Coin()) {
      const std::string coll = Text();
      bson_append_utf8(&ns, "coll", -1, coll.data(), static_cast<int>(coll.size()));
    }
    bson_append_document_end(b, &ns);
  }

  void AppendRandomDocument(bson_t* b, const char* key) {
    bson_t doc;
    BSON_APPEND_DOCUMENT_BEGIN(b, key, &doc);
    docs_.Fill(&doc);
    bson_append_document_end(b, &doc);
  }

  std::mt19937_64 rng_;
  RandomBson docs_;
};

TEST_P(AvroReadbackTest, SeededRandomEventsComeBackExactly) {
  testing_support::TempDir dir;
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomChangeEvents gen(seed * 100 + static_cast<uint64_t>(GetParam()));
    EncoderOptions o;
    o.compression = GetParam();
    o.json_mode = seed % 2 ? JsonMode::kRelaxed : JsonMode::kCanonical;
    // Small blocks, so records straddle many of them.
    AvroEncoder encoder(o, {.max_bytes = 8 * 1024, .max_records = 1000});
    std::vector<BsonPtr> docs;
    std::vector<std::string> expected;
    for (int i = 0; i < 300; ++i) {
      docs.push_back(gen.Next(i));
      auto e = ChangeEvent::Parse(BsonView::Of(docs.back().get()));
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      core::Status st = encoder.Add(*e);
      ASSERT_TRUE(st.ok()) << st.ToString();
      expected.push_back(Expect(*e, o.json_mode));
    }
    std::string bytes;
    ASSERT_TRUE(encoder.Finish(&bytes).ok());
    auto lines = AvscReadContainer(WriteFile(dir, "random.avro", bytes));
    ASSERT_TRUE(lines.ok()) << lines.status().ToString();
    ASSERT_EQ(lines->size(), expected.size() + 1);
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_EQ((*lines)[i + 1], expected[i]) << "record " << i;
  }
}

TEST_P(AvroReadbackTest, LargeValuesAndManyBlocks) {
  testing_support::TempDir dir;
  EncoderOptions o;
  o.compression = GetParam();
  AvroEncoder encoder(o, {.max_bytes = 16 * 1024, .max_records = 50'000});
  // 3 MiB of multi-byte text in one document, then 3000 small events.
  std::string big;
  while (big.size() < 3 * 1024 * 1024)
    big += "\xF0\x9F\x98\x80 caf\xC3\xA9 ";
  std::vector<BsonPtr> docs;
  std::vector<std::string> expected;
  for (int i = 0; i < 3001; ++i) {
    std::string json =
        R"({"_id":{"_data":"T)" + std::to_string(i) +
        R"("},"operationType":"insert","clusterTime":{"$timestamp":{"t":1700000000,"i":)" +
        std::to_string(i) + R"(}},"ns":{"db":"db","coll":"c"},"fullDocument":{"n":)" +
        std::to_string(i) + "}}";
    docs.push_back(test_events::FromJson(json));
    if (i == 0) {
      BsonPtr full = test_events::FromJson("{}");
      bson_append_utf8(full.get(), "text", -1, big.data(), static_cast<int>(big.size()));
      BSON_APPEND_DOCUMENT(docs.back().get(), "fullDocumentBeforeChange", full.get());
    }
    auto e = ChangeEvent::Parse(BsonView::Of(docs.back().get()));
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE(encoder.Add(*e).ok());
    expected.push_back(Expect(*e, JsonMode::kRelaxed));
  }
  std::string bytes;
  ASSERT_TRUE(encoder.Finish(&bytes).ok());
  auto lines = AvscReadContainer(WriteFile(dir, "large.avro", bytes));
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), expected.size() + 1);
  // The big record fills the first block alone; the rest split at 16 KiB.
  const std::string& header = (*lines)[0];
  EXPECT_NE(header.find(R"("blocks":[1,)"), std::string::npos) << header.substr(0, 200);
  const size_t blocks = static_cast<size_t>(std::count(header.begin() + header.find("\"blocks\""),
                                                       header.end(), ',')) +
                        1;
  EXPECT_GT(blocks, 10u);
  for (size_t i = 0; i < expected.size(); ++i)
    ASSERT_EQ((*lines)[i + 1], expected[i]) << "record " << i;
}

INSTANTIATE_TEST_SUITE_P(Codecs, AvroReadbackTest,
                         testing::Values(core::Codec::kNone, core::Codec::kGzip, core::Codec::kZstd,
                                         core::Codec::kSnappy),
                         [](const auto& info) { return std::string(core::CodecName(info.param)); });

}  // namespace
}  // namespace cdc
