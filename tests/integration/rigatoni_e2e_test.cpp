// rigatoni end to end: the real binary follows mongo-sim and writes a local lake; DuckDB reads
// every object back. Exactly once with exact field values for each format and compression, key
// layouts, resuming from the stored token, a quiet stream's checkpoint advancing, and /metrics
// accepted by promtool.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/json_writer.h"
#include "rigatoni_workload.h"
#include "support/avsc.h"
#include "support/promtool.h"

namespace rigatoni_e2e {
namespace {

using testing_support::RigatoniProcess;
using namespace std::chrono_literals;

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new SimEnvironment);

const std::vector<std::string> kCollections = {"orders", "users", "items"};
constexpr int kDocsPerCollection = 500;  // 500 inserts, 250 updates, 125 replaces, 125 deletes

std::string DocId(const std::string& coll, int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s-%05d", coll.c_str(), i);
  return buf;
}

// Unicode, quotes, a backslash and a newline: what a CSV or JSON writer most often gets wrong.
std::string DocName(int i) {
  return "Caf\xC3\xA9 \"quoted\" \\ \xE6\x97\xA5\xE6\x9C\xAC\nline " + std::to_string(i);
}

// One expected row, in the column order of kRowSelect.
struct Row {
  std::string db, coll, id, op;
  std::optional<std::string> name, qty, note, v, set_qty, set_status, removed;

  std::string ToJson() const {
    std::string out;
    core::JsonWriter w(&out);
    auto opt = [&](const char* key, const std::optional<std::string>& value) {
      w.Key(key);
      if (value) {
        w.String(*value);
      } else {
        w.Null();
      }
    };
    w.BeginObject().Field("db", db).Field("coll", coll).Field("id", id).Field("op", op);
    opt("name", name);
    opt("qty", qty);
    opt("note", note);
    opt("v", v);
    opt("set_qty", set_qty);
    opt("set_status", set_status);
    opt("removed", removed);
    w.EndObject();
    return out;
  }
};

const char* const kRowSelect =
    "SELECT db, coll, id, op, name, qty, note, v, set_qty, set_status, removed FROM events "
    "ORDER BY coll, id, op";

// Avro objects decoded by avsc into one JSON Lines file (each record plus its object's path as
// "filename"), for DuckDB to query like the other formats.
std::string AvroRowsAsJsonLines(const std::filesystem::path& lake,
                                const std::vector<std::string>& objects) {
  const std::filesystem::path out = lake.parent_path() / "avro-rows.jsonl";
  std::ofstream file(out);
  for (const std::string& rel : objects) {
    auto lines = testing_support::AvscReadContainer((lake / rel).string());
    EXPECT_TRUE(lines.ok()) << lines.status().ToString();
    if (!lines.ok()) continue;
    for (size_t k = 1; k < lines->size(); ++k) {  // line 0 is the container header
      std::string record = (*lines)[k];
      record.pop_back();  // the closing '}'
      std::string path;
      core::JsonWriter::AppendEscaped(&path, (lake / rel).string());
      file << record << ",\"filename\":\"" << path << "\"}\n";
    }
  }
  return out.string();
}

// A view `events` with the same columns for JSON Lines, CSV, Parquet and Avro objects.
std::string EventsView(const std::filesystem::path& lake, const std::vector<std::string>& objects,
                       const std::string& format) {
  const std::string files = SqlFileList(lake, objects);
  const bool csv = format == "csv";
  if (format == "parquet") {
    return "CREATE VIEW events AS SELECT filename, database AS db, collection AS coll, "
           "document_key::JSON->>'_id' AS id, operation_type AS op, "
           "full_document::JSON->>'name' AS name, full_document::JSON->>'qty' AS qty, "
           "full_document::JSON->>'note' AS note, full_document::JSON->>'v' AS v, "
           "updated_fields::JSON->>'qty' AS set_qty, updated_fields::JSON->>'status' AS "
           "set_status, CASE WHEN removed_fields IS NULL THEN NULL ELSE "
           "to_json(removed_fields)::VARCHAR END AS removed, "
           "resume_token::JSON->>'_data' AS token, CAST(epoch(cluster_time) AS BIGINT) AS t, "
           "CAST(cluster_time_increment AS BIGINT) AS i FROM read_parquet(" +
           files + ", filename = true)";
  }
  if (format == "avro") {
    const std::string rows = testing_support::SqlLiteral(AvroRowsAsJsonLines(lake, objects));
    return "CREATE VIEW events AS SELECT json->>'filename' AS filename, json->>'database' AS db, "
           "json->>'collection' AS coll, (json->>'document_key')::JSON->>'_id' AS id, "
           "json->>'operation_type' AS op, (json->>'full_document')::JSON->>'name' AS name, "
           "(json->>'full_document')::JSON->>'qty' AS qty, "
           "(json->>'full_document')::JSON->>'note' AS note, "
           "(json->>'full_document')::JSON->>'v' AS v, "
           "(json->>'updated_fields')::JSON->>'qty' AS set_qty, "
           "(json->>'updated_fields')::JSON->>'status' AS set_status, "
           "nullif((json->'removed_fields')::VARCHAR, 'null') AS removed, "
           "(json->>'resume_token')::JSON->>'_data' AS token, "
           "CAST(json->>'cluster_time' AS BIGINT) // 1000 AS t, "
           "CAST(json->>'cluster_time_increment' AS BIGINT) AS i FROM read_ndjson_objects(" +
           rows + ")";
  }
  if (csv) {
    return "CREATE VIEW events AS SELECT filename, database AS db, collection AS coll, "
           "document_key::JSON->>'_id' AS id, operation_type AS op, "
           "full_document::JSON->>'name' AS name, full_document::JSON->>'qty' AS qty, "
           "full_document::JSON->>'note' AS note, full_document::JSON->>'v' AS v, "
           "updated_fields::JSON->>'qty' AS set_qty, updated_fields::JSON->>'status' AS "
           "set_status, removed_fields AS removed, resume_token::JSON->>'_data' AS token, "
           "CAST(epoch(CAST(cluster_time AS TIMESTAMP)) AS BIGINT) AS t, "
           "CAST(cluster_time_increment AS BIGINT) AS i FROM read_csv(" +
           files + ", header = true, all_varchar = true, filename = true)";
  }
  return "CREATE VIEW events AS SELECT filename, json->'ns'->>'db' AS db, json->'ns'->>'coll' AS "
         "coll, json_extract_string(json, '$.documentKey._id') AS id, json->>'operationType' AS "
         "op, json_extract_string(json, '$.fullDocument.name') AS name, "
         "json_extract_string(json, '$.fullDocument.qty') AS qty, "
         "json_extract_string(json, '$.fullDocument.note') AS note, "
         "json_extract_string(json, '$.fullDocument.v') AS v, "
         "json_extract_string(json, '$.updateDescription.updatedFields.qty') AS set_qty, "
         "json_extract_string(json, '$.updateDescription.updatedFields.status') AS set_status, "
         "json_extract_string(json, '$.updateDescription.removedFields') AS removed, "
         "json_extract_string(json, '$._id._data') AS token, "
         "CAST(json_extract_string(json, '$.clusterTime.\"$timestamp\".t') AS BIGINT) AS t, "
         "CAST(json_extract_string(json, '$.clusterTime.\"$timestamp\".i') AS BIGINT) AS i "
         "FROM read_ndjson_objects(" +
         files + ", filename = true)";
}

// Inserts, updates ($set + $unset), replaces and deletes, interleaved across the collections.
// Returns the rows the lake must hold, sorted like kRowSelect.
std::vector<Row> RunMixedWorkload(MongoWriter& mongo, const std::string& db) {
  std::vector<Row> expected;
  const int n = kDocsPerCollection;
  for (int i = 0; i < n; ++i) {
    for (const std::string& c : kCollections) {
      const std::string id = DocId(c, i), name = DocName(i), note = "n" + std::to_string(i);
      EXPECT_TRUE(
          mongo.Insert(c, BCON_NEW("_id", BCON_UTF8(id.c_str()), "name", BCON_UTF8(name.c_str()),
                                   "qty", BCON_INT32(i), "note", BCON_UTF8(note.c_str()))))
          << mongo.error();
      Row r{db, c, id, "insert"};
      r.name = name;
      r.qty = std::to_string(i);
      r.note = note;
      expected.push_back(r);
    }
  }
  for (int i = 0; i < n; ++i) {
    for (const std::string& c : kCollections) {
      const std::string id = DocId(c, i);
      Row r{db, c, id, ""};
      if (i < n / 2) {
        EXPECT_TRUE(mongo.Update(
            c, id,
            BCON_NEW("$set", "{", "qty", BCON_INT32(i * 10), "status", BCON_UTF8("shipped"), "}",
                     "$unset", "{", "note", BCON_UTF8(""), "}")))
            << mongo.error();
        // fullDocument: updateLookup (the default) sees the document after its last write.
        r.op = "update";
        r.name = DocName(i);
        r.qty = std::to_string(i * 10);
        r.set_qty = std::to_string(i * 10);
        r.set_status = "shipped";
        r.removed = "[\"note\"]";
      } else if (i < 3 * n / 4) {
        const std::string name = "replaced \"" + std::to_string(i) + "\"";
        EXPECT_TRUE(
            mongo.Replace(c, id, BCON_NEW("name", BCON_UTF8(name.c_str()), "v", BCON_INT32(2))))
            << mongo.error();
        r.op = "replace";
        r.name = name;
        r.v = "2";
      } else {
        EXPECT_TRUE(mongo.Delete(c, id)) << mongo.error();
        r.op = "delete";
      }
      expected.push_back(r);
    }
  }
  std::sort(expected.begin(), expected.end(), [](const Row& a, const Row& b) {
    return std::tie(a.coll, a.id, a.op) < std::tie(b.coll, b.id, b.op);
  });
  return expected;
}

std::string CommaJoin(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : ",") + s;
  return out;
}

// "20250115T103045Z" and the partition parts of a UTC time.
struct UtcParts {
  std::string compact, year, month, day, hour;
};
UtcParts Utc(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  UtcParts p;
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  p.compact = buf;
  std::strftime(buf, sizeof buf, "%Y", &tm);
  p.year = buf;
  std::strftime(buf, sizeof buf, "%m", &tm);
  p.month = buf;
  std::strftime(buf, sizeof buf, "%d", &tm);
  p.day = buf;
  std::strftime(buf, sizeof buf, "%H", &tm);
  p.hour = buf;
  return p;
}

// Extracts "key":"value" from one DuckDB result row (values are plain strings here).
std::string Field(const std::string& row, const std::string& key) {
  const std::string k = "\"" + key + "\":";
  size_t p = row.find(k);
  if (p == std::string::npos) return {};
  p += k.size();
  if (row.compare(p, 4, "null") == 0) return {};
  const size_t start = row[p] == '"' ? p + 1 : p;
  const size_t end = row.find_first_of(row[p] == '"' ? "\"" : ",}", start);
  return row.substr(start, end - start);
}

struct Layout {
  std::string format, compression, key_strategy;
};

class ExactlyOnceTest : public ::testing::TestWithParam<Layout> {};

TEST_P(ExactlyOnceTest, EveryChangeOnceWithExactFieldsAndKeys) {
  const Layout layout = GetParam();
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  auto env = BaseEnv(dirs, db, CommaJoin(kCollections));
  SetEnv(env, "FORMAT", layout.format);
  SetEnv(env, "COMPRESSION", layout.compression);
  SetEnv(env, "KEY_STRATEGY", layout.key_strategy);
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("rigatoni"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));

  MongoWriter mongo(db);
  const std::vector<Row> expected = RunMixedWorkload(mongo, db);
  ASSERT_EQ(expected.size(), 3u * 2 * kDocsPerCollection);
  const double total = static_cast<double>(expected.size());
  ASSERT_TRUE(IsOk((*rigatoni)->WaitForMetric("rigatoni_events_processed_total", total, 90s)));
  auto metric = (*rigatoni)->MetricValue("rigatoni_events_processed_total");
  ASSERT_TRUE(metric.ok());
  EXPECT_EQ(*metric, total);
  auto updates = (*rigatoni)->MetricValue("rigatoni_events_processed_total",
                                          "collection=\"users\",operation=\"update\"");
  ASSERT_TRUE(updates.ok());
  EXPECT_EQ(*updates, kDocsPerCollection / 2);
  (*rigatoni)->Terminate();
  EXPECT_EQ((*rigatoni)->process().exit_status().code, 0) << (*rigatoni)->LogTail();

  // Every object's key follows the strategy.
  const bool columnar = layout.format == "parquet" || layout.format == "avro";
  const std::string ext = columnar ? "." + layout.format
                                   : std::string(layout.format == "csv" ? ".csv" : ".jsonl") +
                                         (layout.compression == "gzip"   ? ".gz"
                                          : layout.compression == "zstd" ? ".zst"
                                                                         : "");
  const std::vector<std::string> objects = testing_support::LakeObjects(dirs.lake);
  ASSERT_FALSE(objects.empty());
  EXPECT_FALSE(std::filesystem::exists(dirs.lake / "_dead_letters"));
  for (const std::string& key : objects) {
    EXPECT_TRUE(key.size() > ext.size() &&
                key.compare(key.size() - ext.size(), ext.size(), ext) == 0)
        << key;
  }

  const std::string view = EventsView(dirs.lake, objects, layout.format);
  auto rows = testing_support::DuckDbQuery({view, kRowSelect});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), expected.size());
  for (size_t k = 0; k < expected.size(); ++k) {
    ASSERT_EQ((*rows)[k], expected[k].ToJson()) << "row " << k;
  }

  // Once by resume token, and cluster times strictly increase in token (oplog) order.
  auto counts = testing_support::DuckDbQuery(
      {view, "SELECT count(*) AS n, count(DISTINCT token) AS tokens FROM events"});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->at(0), "{\"n\":\"3000\",\"tokens\":\"3000\"}");
  auto times = testing_support::DuckDbQuery({view, "SELECT t, i FROM events ORDER BY token"});
  ASSERT_TRUE(times.ok()) << times.status().ToString();
  std::pair<long long, long long> last{0, 0};
  for (const std::string& row : *times) {
    const std::pair<long long, long long> now{std::stoll(Field(row, "t")),
                                              std::stoll(Field(row, "i"))};
    EXPECT_LT(last, now) << row;
    last = now;
  }

  // Each object holds one collection; its key names the database, the collection and the
  // partition (the cluster time of its first event) exactly.
  auto per_object = testing_support::DuckDbQuery(
      {view,
       "SELECT filename, count(DISTINCT coll) AS colls, any_value(coll) AS coll, any_value(db) "
       "AS db, arg_min(t, token) AS t, arg_min(i, token) AS i FROM events GROUP BY filename "
       "ORDER BY filename"});
  ASSERT_TRUE(per_object.ok()) << per_object.status().ToString();
  ASSERT_EQ(per_object->size(), objects.size());
  for (const std::string& row : *per_object) {
    EXPECT_EQ(Field(row, "colls"), "1") << row;
    EXPECT_EQ(Field(row, "db"), db) << row;
    const std::string coll = Field(row, "coll");
    const UtcParts p = Utc(std::stoll(Field(row, "t")));
    char increment[16];
    std::snprintf(increment, sizeof increment, "%010lld", std::stoll(Field(row, "i")));
    const std::string name = p.compact + "-" + increment + "-[0-9a-f]{12}";
    const std::string dir =
        layout.key_strategy == "hive"
            ? "database=" + db + "/collection=" + coll + "/year=" + p.year + "/month=" + p.month +
                  "/day=" + p.day + "/hour=" + p.hour
            : db + "/" + coll + "/" + p.year + "/" + p.month + "/" + p.day + "/" + p.hour;
    const std::string file = Field(row, "filename");
    const std::string rel = file.substr(dirs.lake.string().size() + 1);
    std::string escaped_ext = ext;
    for (size_t q = 0; (q = escaped_ext.find('.', q)) != std::string::npos; q += 2) {
      escaped_ext.replace(q, 1, "\\.");
    }
    EXPECT_TRUE(std::regex_match(rel, std::regex(dir + "/" + name + escaped_ext))) << rel;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, ExactlyOnceTest,
    ::testing::Values(Layout{"json", "none", "hive"}, Layout{"json", "gzip", "date_hour"},
                      Layout{"json", "zstd", "hive"}, Layout{"csv", "none", "date_hour"},
                      Layout{"csv", "zstd", "hive"}, Layout{"parquet", "snappy", "hive"},
                      Layout{"parquet", "zstd", "date_hour"}, Layout{"avro", "zstd", "hive"},
                      Layout{"avro", "snappy", "date_hour"}),
    [](const auto& info) {
      return info.param.format + "_" + info.param.compression + "_" + info.param.key_strategy;
    });

// Inserts `count` small documents with ids prefix-<from>.. into `coll`.
void InsertRange(MongoWriter& mongo, const std::string& coll, const std::string& prefix, int from,
                 int count) {
  for (int i = from; i < from + count; ++i) {
    const std::string id = prefix + std::to_string(i);
    ASSERT_TRUE(mongo.Insert(coll, BCON_NEW("_id", BCON_UTF8(id.c_str()), "i", BCON_INT32(i))))
        << mongo.error();
  }
}

// rows of "SELECT count(*), count(DISTINCT token), count(DISTINCT id)" over the lake.
std::string CountSummary(const std::filesystem::path& lake) {
  auto rows = QueryJsonLines(
      lake,
      "SELECT count(*) AS n, count(DISTINCT json_extract_string(json, '$._id._data')) AS tokens, "
      "count(DISTINCT json->'ns'->>'coll' || '/' || json_extract_string(json, "
      "'$.documentKey._id')) AS docs FROM events");
  return rows.empty() ? "" : rows.front();
}

TEST(RigatoniRestartTest, ResumesFromTheStoredTokenWithoutLossOrDuplicates) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  const auto env = BaseEnv(dirs, db, "c");
  MongoWriter mongo(db);
  {
    auto rigatoni = RigatoniProcess::Start(env, dirs.Log("first"));
    ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
    ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
    InsertRange(mongo, "c", "a", 0, 400);
    ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 400, 60s, rigatoni->get())));
    EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  }
  // Written while rigatoni is down: the stored token must bring them in.
  InsertRange(mongo, "c", "b", 0, 300);
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("second"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 700, 60s, rigatoni->get())));
  InsertRange(mongo, "c", "c", 0, 100);
  ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 800, 60s, rigatoni->get())));
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  EXPECT_NE((*rigatoni)->Log().find("starting " + db + ".c from its stored resume token"),
            std::string::npos)
      << (*rigatoni)->LogTail();
  EXPECT_EQ(CountSummary(dirs.lake), "{\"n\":\"800\",\"tokens\":\"800\",\"docs\":\"800\"}");
}

TEST(RigatoniQuietStreamTest, CheckpointAdvancesWithPostBatchResumeToken) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  const auto env = BaseEnv(dirs, db, "quiet,busy");
  const std::string stream = db + ".quiet";
  MongoWriter mongo(db);
  {
    auto rigatoni = RigatoniProcess::Start(env, dirs.Log("first"));
    ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
    ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
    InsertRange(mongo, "quiet", "q", 0, 5);
    ASSERT_TRUE(IsOk(testing_support::WaitForLakeEvents(dirs.lake, 5, 30s, rigatoni->get())));
    // The batch's checkpoint: the token of the last quiet event.
    std::optional<std::string> first;
    for (int i = 0; i < 100 && !first; ++i) {
      first = CheckpointTokenData(dirs.state, stream);
      if (!first) std::this_thread::sleep_for(100ms);
    }
    ASSERT_TRUE(first.has_value());
    // Only the other collection is written now; the quiet stream's token must still move.
    std::set<std::string> seen{*first};
    for (int round = 0; round < 60 && seen.size() < 3; ++round) {
      InsertRange(mongo, "busy", "b" + std::to_string(round) + "-", 0, 5);
      std::this_thread::sleep_for(200ms);
      auto now = CheckpointTokenData(dirs.state, stream);
      ASSERT_TRUE(now.has_value());
      EXPECT_GE(*now, *seen.rbegin()) << "the checkpoint moved backwards";
      seen.insert(*now);
    }
    EXPECT_GE(seen.size(), 3u) << "the quiet stream's checkpoint did not advance";
    EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  }
  const uint64_t before_restart = testing_support::CountJsonLinesEvents(dirs.lake);
  auto rigatoni = RigatoniProcess::Start(env, dirs.Log("second"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  InsertRange(mongo, "quiet", "r", 0, 3);
  ASSERT_TRUE(IsOk(
      testing_support::WaitForLakeEvents(dirs.lake, before_restart + 3, 30s, rigatoni->get())));
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
  // Nothing replayed: exactly the 5 + 3 quiet events, once each.
  auto rows = QueryJsonLines(dirs.lake,
                             "SELECT count(*) AS n, count(DISTINCT json_extract_string(json, "
                             "'$.documentKey._id')) AS docs FROM events WHERE "
                             "json->'ns'->>'coll' = 'quiet'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "{\"n\":\"8\",\"docs\":\"8\"}");
  EXPECT_EQ(CountSummary(dirs.lake), "{\"n\":\"" + std::to_string(before_restart + 3) +
                                         "\",\"tokens\":\"" + std::to_string(before_restart + 3) +
                                         "\",\"docs\":\"" + std::to_string(before_restart + 3) +
                                         "\"}");
}

TEST(RigatoniMetricsTest, ExpositionPassesPromtool) {
  const std::string db = TestDatabase();
  RigatoniDirs dirs;
  auto rigatoni = RigatoniProcess::Start(BaseEnv(dirs, db, "m1,m2"), dirs.Log("rigatoni"));
  ASSERT_TRUE(rigatoni.ok()) << rigatoni.status().ToString();
  ASSERT_TRUE(IsOk((*rigatoni)->WaitReady()));
  MongoWriter mongo(db);
  InsertRange(mongo, "m1", "x", 0, 20);
  InsertRange(mongo, "m2", "y", 0, 10);
  ASSERT_TRUE(IsOk((*rigatoni)->WaitForMetric("rigatoni_events_processed_total", 30, 30s)));
  auto reply = (*rigatoni)->Get("/metrics");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  ASSERT_EQ(reply->status, 200);
  auto check = testing_support::PromtoolCheckMetrics(reply->body);
  EXPECT_TRUE(check.ok()) << check.status().ToString() << "\n" << reply->body;
  EXPECT_EQ(testing_support::SumMetric(reply->body, "rigatoni_events_processed_total",
                                       "collection=\"m1\",operation=\"insert\""),
            20);
  EXPECT_EQ(testing_support::SumMetric(reply->body, "rigatoni_active_collections"), 2);
  EXPECT_EQ((*rigatoni)->Terminate().code, 0) << (*rigatoni)->LogTail();
}

}  // namespace
}  // namespace rigatoni_e2e
