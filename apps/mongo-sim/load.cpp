// mongo-sim-load: bulk-loads ~N documents into a MongoDB deployment (mongo-sim or real) and then
// measures how fast one change-stream client drains the resulting events.
//
//   mongo-sim-load --uri mongodb://127.0.0.1:P/?replicaSet=rs0 --count 1000000 --doc-bytes 1024
//
// Prints one JSON line: {"inserted":N,"insert_per_s":...,"events":N,"drain_per_s":...}.
#include <malloc.h>
#include <mongoc/mongoc.h>

#include <chrono>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "core/json_writer.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri_text = "mongodb://127.0.0.1:27017/?replicaSet=rs0";
  std::string db_name = "bench";
  std::string coll_name = "load";
  long long count = 100000;
  int doc_bytes = 1024;
  int batch = 1000;
  int drain_batch = 0;
  bool drain = true;
  bool insert = true;
  CLI::App app{"mongo-sim-load: bulk insert, then measure change-stream drain rate"};
  app.add_option("--uri", uri_text, "MongoDB URI")->capture_default_str();
  app.add_option("--db", db_name, "database")->capture_default_str();
  app.add_option("--coll", coll_name, "collection")->capture_default_str();
  app.add_option("--count", count, "documents to insert")->capture_default_str();
  app.add_option("--doc-bytes", doc_bytes, "approximate document size")->capture_default_str();
  app.add_option("--batch", batch, "documents per insert command")->capture_default_str();
  app.add_option("--drain-batch", drain_batch, "change stream batchSize (0 = server default)");
  app.add_flag("!--no-drain", drain, "only insert");
  app.add_flag("!--no-insert", insert,
               "only drain: read --count insert events from the start of the oplog");
  CLI11_PARSE(app, argc, argv);

  // libmongoc allocates a buffer per reply (up to 16 MiB for change-stream batches). With glibc's
  // defaults those come from fresh mmap()ed, kernel-zeroed pages every time, which costs more CPU
  // than parsing the events; keep freed memory in the heap instead.
  mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mongoc_init();
  bson_error_t error;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(uri_text.c_str(), &error);
  if (uri == nullptr) {
    std::fprintf(stderr, "mongo-sim-load: bad --uri: %s\n", error.message);
    return 2;
  }
  mongoc_client_t* client = mongoc_client_new_from_uri(uri);
  mongoc_collection_t* coll =
      mongoc_client_get_collection(client, db_name.c_str(), coll_name.c_str());

  // The cluster time before the load: the drain starts there.
  bson_t* ping = BCON_NEW("ping", BCON_INT32(1));
  bson_t reply;
  if (!mongoc_client_command_simple(client, "admin", ping, nullptr, &reply, &error)) {
    std::fprintf(stderr, "mongo-sim-load: ping %s: %s\n", uri_text.c_str(), error.message);
    return 1;
  }
  uint32_t t = 0, i = 0;
  bson_iter_t it;
  if (bson_iter_init_find(&it, &reply, "operationTime")) bson_iter_timestamp(&it, &t, &i);
  if (!insert) {
    t = 0;
    i = 1;
  }
  bson_destroy(&reply);
  bson_destroy(ping);

  std::string payload(size_t(std::max(0, doc_bytes - 40)), 'x');
  auto start = std::chrono::steady_clock::now();
  long long inserted = 0;
  // A plain array: std::vector<bson_t*> trips GCC's ignored-attributes warning (bson_t is aligned).
  auto** docs = static_cast<bson_t**>(bson_malloc(sizeof(bson_t*) * size_t(std::max(1, batch))));
  while (insert && inserted < count) {
    long long n = std::min<long long>(batch, count - inserted);
    for (long long k = 0; k < n; ++k)
      docs[k] = (BCON_NEW("seq", BCON_INT64(inserted + k), "payload", BCON_UTF8(payload.c_str())));
    if (!mongoc_collection_insert_many(coll, const_cast<const bson_t**>(docs), size_t(n), nullptr,
                                       nullptr, &error)) {
      std::fprintf(stderr, "mongo-sim-load: insert: %s\n", error.message);
      return 1;
    }
    for (long long k = 0; k < n; ++k)
      bson_destroy(docs[k]);
    inserted += n;
  }
  double insert_s = Seconds(start);
  bson_free(docs);

  long long events = 0;
  double drain_s = 0;
  if (drain) {
    bson_t pipeline = BSON_INITIALIZER;
    bson_t* opts =
        BCON_NEW("startAtOperationTime", BCON_TIMESTAMP(t, i), "maxAwaitTimeMS", BCON_INT64(1000));
    if (drain_batch > 0) BSON_APPEND_INT32(opts, "batchSize", drain_batch);
    start = std::chrono::steady_clock::now();
    mongoc_change_stream_t* stream = mongoc_collection_watch(coll, &pipeline, opts);
    const bson_t* event = nullptr;
    int idle = 0;
    while (events < count && idle < 5) {
      if (mongoc_change_stream_next(stream, &event)) {
        bson_iter_t op;
        if (bson_iter_init_find(&op, event, "operationType") &&
            std::string(bson_iter_utf8(&op, nullptr)) == "insert")
          ++events;
        idle = 0;
      } else {
        const bson_t* err = nullptr;
        if (mongoc_change_stream_error_document(stream, &error, &err)) {
          std::fprintf(stderr, "mongo-sim-load: change stream: %s\n", error.message);
          return 1;
        }
        ++idle;
      }
    }
    drain_s = Seconds(start);
    mongoc_change_stream_destroy(stream);
    bson_destroy(opts);
    bson_destroy(&pipeline);
  }

  std::string out;
  core::JsonWriter w(&out);
  w.BeginObject();
  w.Key("inserted");
  w.Int(inserted);
  w.Key("insert_per_s");
  w.Double(insert_s > 0 ? double(inserted) / insert_s : 0);
  w.Key("events");
  w.Int(events);
  w.Key("drain_seconds");
  w.Double(drain_s);
  w.Key("drain_per_s");
  w.Double(drain_s > 0 ? double(events) / drain_s : 0);
  w.EndObject();
  std::printf("%s\n", out.c_str());

  mongoc_collection_destroy(coll);
  mongoc_client_destroy(client);
  mongoc_uri_destroy(uri);
  mongoc_cleanup();
  return events == count || !drain ? 0 : 1;
}
