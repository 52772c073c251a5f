// BSON -> Extended JSON: our streaming writer (cdc::AppendExtendedJson) against libbson's
// bson_as_{relaxed,canonical}_extended_json (+ bson_free), on ~1 KB change-event-like documents
// (ObjectIds, strings, nested address, arrays, dates, int64, doubles, Decimal128, a UUID).
//
// Run: build/bench/extjson_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// Time per iteration is ns per document; json_MB/s counts the JSON each side produced (libbson's
// output is larger: it puts spaces around ':' and ','), docs/s is the fair throughput comparison.
#include <benchmark/benchmark.h>
#include <bson/bson.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cdc/event/extended_json.h"

namespace {

constexpr int kDocuments = 64;

// One change event (an update on shop.orders) as raw BSON, varied by `rng`.
std::vector<uint8_t> MakeChangeEvent(std::mt19937_64& rng) {
  auto pick = [&](std::initializer_list<const char*> options) {
    return options.begin()[rng() % options.size()];
  };
  bson_t event = BSON_INITIALIZER;
  bson_t child;
  bson_t grandchild;
  bson_t item;
  char hex[200];

  BSON_APPEND_DOCUMENT_BEGIN(&event, "_id", &child);
  std::snprintf(hex, sizeof hex,
                "8264A1B2C3000000012B022C0100296E5A1004%016llX%016llX463C5F6964003C%016llX0004",
                static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  BSON_APPEND_UTF8(&child, "_data", hex);
  bson_append_document_end(&event, &child);
  BSON_APPEND_UTF8(&event, "operationType", "update");
  BSON_APPEND_TIMESTAMP(&event, "clusterTime", 1700000000 + static_cast<uint32_t>(rng() % 100000),
                        static_cast<uint32_t>(rng() % 50));
  BSON_APPEND_DATE_TIME(&event, "wallTime",
                        1700000000000 + static_cast<int64_t>(rng() % 1000000000));
  BSON_APPEND_DOCUMENT_BEGIN(&event, "ns", &child);
  BSON_APPEND_UTF8(&child, "db", "shop");
  BSON_APPEND_UTF8(&child, "coll", "orders");
  bson_append_document_end(&event, &child);
  bson_oid_t oid;
  for (auto& b : oid.bytes)
    b = static_cast<uint8_t>(rng());
  BSON_APPEND_DOCUMENT_BEGIN(&event, "documentKey", &child);
  BSON_APPEND_OID(&child, "_id", &oid);
  bson_append_document_end(&event, &child);

  BSON_APPEND_DOCUMENT_BEGIN(&event, "fullDocument", &child);
  BSON_APPEND_OID(&child, "_id", &oid);
  uint8_t uuid[16];
  for (auto& b : uuid)
    b = static_cast<uint8_t>(rng());
  BSON_APPEND_BINARY(&child, "customerId", BSON_SUBTYPE_UUID, uuid, 16);
  BSON_APPEND_UTF8(&child, "name", pick({"Ada Lovelace", "Grace Hopper", "Zoë Müller", "李雷"}));
  BSON_APPEND_UTF8(&child, "email", pick({"ada@example.com", "grace.hopper@example.org"}));
  BSON_APPEND_UTF8(&child, "status", pick({"paid", "shipped", "pending"}));
  BSON_APPEND_DATE_TIME(&child, "createdAt",
                        1690000000000 + static_cast<int64_t>(rng() % 10000000000));
  BSON_APPEND_DATE_TIME(&child, "updatedAt",
                        1700000000000 + static_cast<int64_t>(rng() % 1000000000));
  bson_decimal128_t total;
  std::snprintf(hex, sizeof hex, "%llu.%02llu", static_cast<unsigned long long>(rng() % 5000),
                static_cast<unsigned long long>(rng() % 100));
  bson_decimal128_from_string(hex, &total);
  BSON_APPEND_DECIMAL128(&child, "total", &total);
  BSON_APPEND_INT32(&child, "quantity", static_cast<int32_t>(rng() % 20));
  BSON_APPEND_INT64(&child, "views", static_cast<int64_t>(rng() % 10000000000));
  BSON_APPEND_DOUBLE(&child, "score", static_cast<double>(rng() % 100000) / 1000.0);
  BSON_APPEND_DOUBLE(&child, "rating", static_cast<double>(rng() % 50) / 10.0);
  BSON_APPEND_BOOL(&child, "active", rng() % 2 == 0);
  BSON_APPEND_NULL(&child, "deletedAt");
  BSON_APPEND_DOCUMENT_BEGIN(&child, "address", &grandchild);
  BSON_APPEND_UTF8(&grandchild, "street", pick({"221B Baker Street", "1600 Amphitheatre Pkwy"}));
  BSON_APPEND_UTF8(&grandchild, "city", pick({"London", "Zürich", "Mountain View"}));
  BSON_APPEND_UTF8(&grandchild, "zip", pick({"NW1 6XE", "8001", "94043"}));
  BSON_APPEND_UTF8(&grandchild, "country", pick({"GB", "CH", "US"}));
  BSON_APPEND_DOCUMENT_BEGIN(&grandchild, "geo", &item);
  BSON_APPEND_UTF8(&item, "type", "Point");
  bson_t coords;
  BSON_APPEND_ARRAY_BEGIN(&item, "coordinates", &coords);
  BSON_APPEND_DOUBLE(&coords, "0", -0.1585 + static_cast<double>(rng() % 1000) / 1e5);
  BSON_APPEND_DOUBLE(&coords, "1", 51.5237 + static_cast<double>(rng() % 1000) / 1e5);
  bson_append_array_end(&item, &coords);
  bson_append_document_end(&grandchild, &item);
  bson_append_document_end(&child, &grandchild);
  BSON_APPEND_ARRAY_BEGIN(&child, "tags", &grandchild);
  BSON_APPEND_UTF8(&grandchild, "0", "vip");
  BSON_APPEND_UTF8(&grandchild, "1", pick({"newsletter", "b2b", "returning"}));
  BSON_APPEND_UTF8(&grandchild, "2", "eu");
  bson_append_array_end(&child, &grandchild);
  BSON_APPEND_ARRAY_BEGIN(&child, "items", &grandchild);
  for (int i = 0; i < 3; ++i) {
    const char key[2] = {static_cast<char>('0' + i), 0};
    BSON_APPEND_DOCUMENT_BEGIN(&grandchild, key, &item);
    std::snprintf(hex, sizeof hex, "SKU-%06llu", static_cast<unsigned long long>(rng() % 1000000));
    BSON_APPEND_UTF8(&item, "sku", hex);
    BSON_APPEND_INT32(&item, "qty", static_cast<int32_t>(1 + rng() % 5));
    BSON_APPEND_DOUBLE(&item, "price", static_cast<double>(rng() % 100000) / 100.0);
    bson_append_document_end(&grandchild, &item);
  }
  bson_append_array_end(&child, &grandchild);
  BSON_APPEND_UTF8(&child, "notes", "Customer said: \"leave at the door\"\nRing twice.");
  bson_append_document_end(&event, &child);

  BSON_APPEND_DOCUMENT_BEGIN(&event, "updateDescription", &child);
  BSON_APPEND_DOCUMENT_BEGIN(&child, "updatedFields", &grandchild);
  BSON_APPEND_UTF8(&grandchild, "status", "shipped");
  BSON_APPEND_DATE_TIME(&grandchild, "updatedAt",
                        1700000000000 + static_cast<int64_t>(rng() % 1000000000));
  bson_append_document_end(&child, &grandchild);
  BSON_APPEND_ARRAY_BEGIN(&child, "removedFields", &grandchild);
  BSON_APPEND_UTF8(&grandchild, "0", "draft");
  bson_append_array_end(&child, &grandchild);
  BSON_APPEND_ARRAY_BEGIN(&child, "truncatedArrays", &grandchild);
  bson_append_array_end(&child, &grandchild);
  bson_append_document_end(&event, &child);

  std::vector<uint8_t> raw(bson_get_data(&event), bson_get_data(&event) + event.len);
  bson_destroy(&event);
  return raw;
}

const std::vector<std::vector<uint8_t>>& Events() {
  static const auto* events = [] {
    std::mt19937_64 rng(42);
    auto* v = new std::vector<std::vector<uint8_t>>;
    for (int i = 0; i < kDocuments; ++i)
      v->push_back(MakeChangeEvent(rng));
    return v;
  }();
  return *events;
}

void SetCounters(benchmark::State& state, size_t json_bytes, size_t bson_bytes) {
  state.counters["json_MB/s"] =
      benchmark::Counter(static_cast<double>(json_bytes) / 1e6, benchmark::Counter::kIsRate);
  state.counters["docs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["bson_bytes/doc"] = static_cast<double>(bson_bytes) / state.iterations();
  state.counters["json_bytes/doc"] = static_cast<double>(json_bytes) / state.iterations();
}

void BM_Ours(benchmark::State& state, cdc::JsonMode mode) {
  const auto& events = Events();
  std::string out;
  size_t json_bytes = 0;
  size_t bson_bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const auto& raw = events[i++ % events.size()];
    out.clear();
    const core::Status st = cdc::AppendExtendedJson(raw.data(), raw.size(), mode, &out);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(out.data());
    json_bytes += out.size();
    bson_bytes += raw.size();
  }
  SetCounters(state, json_bytes, bson_bytes);
}

void BM_Libbson(benchmark::State& state, cdc::JsonMode mode) {
  const auto& events = Events();
  size_t json_bytes = 0;
  size_t bson_bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const auto& raw = events[i++ % events.size()];
    bson_t doc;
    bson_init_static(&doc, raw.data(), raw.size());
    size_t len = 0;
    char* json = mode == cdc::JsonMode::kRelaxed ? bson_as_relaxed_extended_json(&doc, &len)
                                                 : bson_as_canonical_extended_json(&doc, &len);
    benchmark::DoNotOptimize(json);
    bson_free(json);
    json_bytes += len;
    bson_bytes += raw.size();
  }
  SetCounters(state, json_bytes, bson_bytes);
}

BENCHMARK_CAPTURE(BM_Ours, relaxed, cdc::JsonMode::kRelaxed);
BENCHMARK_CAPTURE(BM_Libbson, relaxed, cdc::JsonMode::kRelaxed);
BENCHMARK_CAPTURE(BM_Ours, canonical, cdc::JsonMode::kCanonical);
BENCHMARK_CAPTURE(BM_Libbson, canonical, cdc::JsonMode::kCanonical);

}  // namespace

BENCHMARK_MAIN();
