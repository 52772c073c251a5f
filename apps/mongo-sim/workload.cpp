// mongo-sim-workload: writes a deterministic workload into a MongoDB deployment (mongo-sim or
// real) for the demo and the end-to-end benchmark, and prints what it wrote as one JSON line.
//
//   mongo-sim-workload --uri URI --mode shop --operations 3000
//     Inserts, updates and deletes, interleaved, across shop.customers, shop.products and
//     shop.orders (one write per command, so one change event each). Prints
//     {"database":"shop","events":N,"collections":{"customers":{"insert":n,"update":n,
//      "delete":n},...},"seconds":s}.
//
//   --drop-first drops those three collections before writing (re-runs against a real MongoDB).
//
//   mongo-sim-workload --uri URI --mode bulk --count 1000000 --doc-bytes 1024
//     Inserts --count order-like documents of about --doc-bytes bytes each (varied text and
//     numbers, so compression ratios look like real data rather than a repeated byte) into
//     --db.--coll with insert_many. Prints {"inserted":N,"insert_per_s":r,"seconds":s}.
//
// Exit status: 0 on success, 1 on a failed write (the error on stderr), 2 on bad arguments.
#include <malloc.h>
#include <mongoc/mongoc.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/json_writer.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

constexpr std::array<const char*, 12> kWords = {"alpine", "harbor", "copper", "meadow",
                                                "violet", "summit", "cedar",  "lumen",
                                                "quartz", "willow", "ember",  "tundra"};
constexpr std::array<const char*, 6> kCities = {"Lisbon", "Osaka",   "Denver",
                                                "Lagos",  "Tallinn", "Hobart"};
constexpr std::array<const char*, 4> kStatuses = {"placed", "paid", "shipped", "delivered"};

// The writes of one collection: what exists and what was done to it.
struct CollectionLoad {
  const char* name;
  mongoc_collection_t* coll = nullptr;
  std::vector<int64_t> live;  // _ids of documents that exist now
  int64_t next_id = 1;
  int64_t inserts = 0, updates = 0, deletes = 0;
};

class Workload {
 public:
  Workload(mongoc_client_t* client, const std::string& db, uint64_t seed)
      : rng_(seed), loads_{{{"customers"}, {"products"}, {"orders"}}} {
    for (CollectionLoad& l : loads_)
      l.coll = mongoc_client_get_collection(client, db.c_str(), l.name);
  }
  ~Workload() {
    for (CollectionLoad& l : loads_)
      mongoc_collection_destroy(l.coll);
  }
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  // One write: mostly inserts early on, then a mix weighted towards orders.
  bool Step(bson_error_t* error) {
    CollectionLoad& l = loads_[Pick({2, 1, 4})];
    const size_t op = l.live.size() < 10 ? 0 : Pick({5, 4, 1});
    if (op == 0) return Insert(l, error);
    const size_t at = std::uniform_int_distribution<size_t>(0, l.live.size() - 1)(rng_);
    const int64_t id = l.live[at];
    bson_t* selector = BCON_NEW("_id", BCON_INT64(id));
    bool ok;
    if (op == 1) {
      bson_t* update = UpdateFor(l);
      ok = mongoc_collection_update_one(l.coll, selector, update, nullptr, nullptr, error);
      bson_destroy(update);
      l.updates += ok;
    } else {
      ok = mongoc_collection_delete_one(l.coll, selector, nullptr, nullptr, error);
      if (ok) {
        l.live[at] = l.live.back();
        l.live.pop_back();
        ++l.deletes;
      }
    }
    bson_destroy(selector);
    return ok;
  }

  // Drops the three collections (so a re-run against a real deployment starts empty).
  bool Drop(bson_error_t* error) {
    for (CollectionLoad& l : loads_) {
      // A missing collection is not an error (MongoDB < 7 answers 26 NamespaceNotFound).
      if (!mongoc_collection_drop(l.coll, error) && error->code != 26) return false;
    }
    return true;
  }

  void Report(core::JsonWriter& w) const {
    int64_t events = 0;
    for (const CollectionLoad& l : loads_)
      events += l.inserts + l.updates + l.deletes;
    w.Field("events", events).Key("collections").BeginObject();
    for (const CollectionLoad& l : loads_) {
      w.Key(l.name).BeginObject();
      w.Field("insert", l.inserts).Field("update", l.updates).Field("delete", l.deletes);
      w.EndObject();
    }
    w.EndObject();
  }

 private:
  size_t Pick(std::initializer_list<double> weights) {
    std::discrete_distribution<size_t> d(weights);
    return d(rng_);
  }
  const char* Word() { return kWords[rng_() % kWords.size()]; }

  bool Insert(CollectionLoad& l, bson_error_t* error) {
    const int64_t id = l.next_id++;
    bson_t* doc = nullptr;
    const int64_t now_ms = 1'767'225'600'000 + id * 60'000;  // 2026-01-01 plus a minute per id
    if (&l == &loads_[0]) {
      const std::string name = std::string(Word()) + " " + Word();
      const std::string email = "customer" + std::to_string(id) + "@example.com";
      doc = BCON_NEW("_id", BCON_INT64(id), "name", BCON_UTF8(name.c_str()), "email",
                     BCON_UTF8(email.c_str()), "city", BCON_UTF8(kCities[rng_() % kCities.size()]),
                     "tier", BCON_UTF8(rng_() % 5 == 0 ? "gold" : "standard"), "created_at",
                     BCON_DATE_TIME(now_ms));
    } else if (&l == &loads_[1]) {
      const std::string sku = "SKU-" + std::to_string(10000 + id);
      const std::string title = std::string(Word()) + " " + Word() + " kit";
      doc = BCON_NEW("_id", BCON_INT64(id), "sku", BCON_UTF8(sku.c_str()), "title",
                     BCON_UTF8(title.c_str()), "price",
                     BCON_DOUBLE(static_cast<double>(rng_() % 20000) / 100.0), "stock",
                     BCON_INT32(static_cast<int32_t>(rng_() % 500)), "tags", "[", BCON_UTF8(Word()),
                     BCON_UTF8(Word()), "]");
    } else {
      const int64_t customer = 1 + static_cast<int64_t>(rng_() % 200);
      const int64_t product = 1 + static_cast<int64_t>(rng_() % 100);
      doc = BCON_NEW("_id", BCON_INT64(id), "customer_id", BCON_INT64(customer), "status",
                     BCON_UTF8(kStatuses[0]), "items", "[", "{", "product_id", BCON_INT64(product),
                     "quantity", BCON_INT32(static_cast<int32_t>(1 + rng_() % 4)), "}", "]",
                     "total", BCON_DOUBLE(static_cast<double>(rng_() % 50000) / 100.0), "placed_at",
                     BCON_DATE_TIME(now_ms));
    }
    const bool ok = mongoc_collection_insert_one(l.coll, doc, nullptr, nullptr, error);
    bson_destroy(doc);
    if (ok) {
      l.live.push_back(id);
      ++l.inserts;
    }
    return ok;
  }

  // Every update bumps `version`, so none is a no-op (a no-op update writes no oplog entry and
  // produces no change event).
  bson_t* UpdateFor(const CollectionLoad& l) {
    if (&l == &loads_[0]) {
      return BCON_NEW("$set", "{", "city", BCON_UTF8(kCities[rng_() % kCities.size()]), "}", "$inc",
                      "{", "version", BCON_INT32(1), "}");
    }
    if (&l == &loads_[1]) {
      return BCON_NEW("$inc", "{", "stock", BCON_INT32(-1), "version", BCON_INT32(1), "}", "$set",
                      "{", "price", BCON_DOUBLE(static_cast<double>(rng_() % 20000) / 100.0), "}");
    }
    return BCON_NEW("$set", "{", "status", BCON_UTF8(kStatuses[1 + rng_() % 3]), "}", "$inc", "{",
                    "version", BCON_INT32(1), "}");
  }

  std::mt19937_64 rng_;
  std::array<CollectionLoad, 3> loads_;
};

// An order-like document of about `bytes` bytes; text drawn from a small vocabulary so it
// compresses roughly like real data.
bson_t* BulkDocument(int64_t seq, size_t bytes, std::mt19937_64& rng) {
  bson_t* doc = bson_new();
  BSON_APPEND_INT64(doc, "seq", seq);
  BSON_APPEND_INT64(doc, "customer_id", static_cast<int64_t>(rng() % 100000));
  BSON_APPEND_UTF8(doc, "status", kStatuses[rng() % kStatuses.size()]);
  BSON_APPEND_DOUBLE(doc, "total", static_cast<double>(rng() % 1000000) / 100.0);
  BSON_APPEND_DATE_TIME(doc, "placed_at", 1'767'225'600'000 + seq * 1000);
  bson_t items;
  BSON_APPEND_ARRAY_BEGIN(doc, "items", &items);
  for (int i = 0; i < 3; ++i) {
    bson_t item;
    const std::string key = std::to_string(i);
    bson_append_document_begin(&items, key.c_str(), -1, &item);
    BSON_APPEND_INT64(&item, "product_id", static_cast<int64_t>(rng() % 5000));
    BSON_APPEND_INT32(&item, "quantity", static_cast<int32_t>(1 + rng() % 5));
    BSON_APPEND_DOUBLE(&item, "price", static_cast<double>(rng() % 20000) / 100.0);
    bson_append_document_end(&items, &item);
  }
  bson_append_array_end(doc, &items);
  std::string note;
  while (doc->len + note.size() + 16 < bytes) {
    note += kWords[rng() % kWords.size()];
    note += ' ';
    note += std::to_string(rng() % 1000);
    note += ' ';
  }
  BSON_APPEND_UTF8(doc, "note", note.c_str());
  return doc;
}

int RunBulk(mongoc_collection_t* coll, int64_t count, size_t doc_bytes, size_t batch,
            uint64_t seed) {
  std::mt19937_64 rng(seed);
  // A plain array: std::vector<bson_t*> trips GCC's ignored-attributes warning (bson_t is aligned).
  auto** docs = static_cast<bson_t**>(bson_malloc(sizeof(bson_t*) * batch));
  const auto start = std::chrono::steady_clock::now();
  int64_t inserted = 0;
  bson_error_t error;
  while (inserted < count) {
    const size_t n = static_cast<size_t>(std::min<int64_t>(batch, count - inserted));
    for (size_t k = 0; k < n; ++k)
      docs[k] = BulkDocument(inserted + static_cast<int64_t>(k), doc_bytes, rng);
    const bool ok = mongoc_collection_insert_many(coll, const_cast<const bson_t**>(docs), n,
                                                  nullptr, nullptr, &error);
    for (size_t k = 0; k < n; ++k)
      bson_destroy(docs[k]);
    if (!ok) {
      std::fprintf(stderr, "mongo-sim-workload: insert: %s\n", error.message);
      bson_free(docs);
      return 1;
    }
    inserted += static_cast<int64_t>(n);
  }
  bson_free(docs);
  const double secs = Seconds(start);
  std::string out;
  core::JsonWriter w(&out);
  w.BeginObject().Field("inserted", inserted);
  w.Key("insert_per_s").Double(secs > 0 ? static_cast<double>(inserted) / secs : 0);
  w.Key("seconds").Double(secs);
  w.EndObject();
  std::printf("%s\n", out.c_str());
  return 0;
}

int RunShop(mongoc_client_t* client, const std::string& db, int64_t operations, uint64_t seed,
            bool drop_first) {
  Workload load(client, db, seed);
  const auto start = std::chrono::steady_clock::now();
  bson_error_t error;
  if (drop_first && !load.Drop(&error)) {
    std::fprintf(stderr, "mongo-sim-workload: drop: %s\n", error.message);
    return 1;
  }
  for (int64_t i = 0; i < operations; ++i) {
    if (!load.Step(&error)) {
      std::fprintf(stderr, "mongo-sim-workload: write %lld: %s\n", static_cast<long long>(i),
                   error.message);
      return 1;
    }
  }
  std::string out;
  core::JsonWriter w(&out);
  w.BeginObject().Field("database", db);
  load.Report(w);
  w.Key("seconds").Double(Seconds(start));
  w.EndObject();
  std::printf("%s\n", out.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri_text = "mongodb://127.0.0.1:27017/?replicaSet=rs0";
  std::string mode = "shop";
  std::string db_name;
  std::string coll_name = "orders";
  int64_t operations = 3000;
  int64_t count = 100000;
  int doc_bytes = 1024;
  int batch = 1000;
  uint64_t seed = 42;
  bool drop_first = false;
  CLI::App app{"mongo-sim-workload: write a deterministic workload, print what was written"};
  app.add_option("--uri", uri_text, "MongoDB URI")->capture_default_str();
  app.add_option("--mode", mode, "shop (mixed writes, 3 collections) or bulk (inserts)")
      ->check(CLI::IsMember({"shop", "bulk"}))
      ->capture_default_str();
  app.add_option("--db", db_name, "database (default: shop, or bench for --mode bulk)");
  app.add_option("--coll", coll_name, "collection of --mode bulk")->capture_default_str();
  app.add_option("--operations", operations, "writes of --mode shop")
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}))
      ->capture_default_str();
  app.add_option("--count", count, "documents of --mode bulk")
      ->check(CLI::Range(int64_t{0}, int64_t{1'000'000'000}))
      ->capture_default_str();
  app.add_option("--doc-bytes", doc_bytes, "approximate BSON size of --mode bulk documents")
      ->check(CLI::Range(128, 16 << 20))
      ->capture_default_str();
  app.add_option("--batch", batch, "documents per insert command (--mode bulk)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--seed", seed, "random seed (same seed, same writes)")->capture_default_str();
  app.add_flag("--drop-first", drop_first, "--mode shop: drop its collections before writing");
  CLI11_PARSE(app, argc, argv);
  if (db_name.empty()) db_name = mode == "bulk" ? "bench" : "shop";

  // Keep glibc from mmap()ing (and the kernel from zeroing) every large reply buffer.
  mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mongoc_init();
  bson_error_t error;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(uri_text.c_str(), &error);
  if (uri == nullptr) {
    std::fprintf(stderr, "mongo-sim-workload: bad --uri: %s\n", error.message);
    return 2;
  }
  mongoc_client_t* client = mongoc_client_new_from_uri(uri);
  mongoc_client_set_appname(client, "mongo-sim-workload");
  int rc;
  if (mode == "bulk") {
    mongoc_collection_t* coll =
        mongoc_client_get_collection(client, db_name.c_str(), coll_name.c_str());
    rc = RunBulk(coll, count, static_cast<size_t>(doc_bytes), static_cast<size_t>(batch), seed);
    mongoc_collection_destroy(coll);
  } else {
    rc = RunShop(client, db_name, operations, seed, drop_first);
  }
  mongoc_client_destroy(client);
  mongoc_uri_destroy(uri);
  mongoc_cleanup();
  return rc;
}
