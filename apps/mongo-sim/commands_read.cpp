// Reads, aggregation (including $changeStream), and cursor commands.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <vector>

#include "bson_values.h"
#include "change_stream.h"
#include "commands.h"
#include "query_filter.h"

namespace mongosim {
namespace {

// Event bytes per batch: leaves room for the reply envelope under maxBsonObjectSize + 16 KiB.
constexpr size_t kBatchBytes = 16 * 1024 * 1024 - 32 * 1024;
constexpr size_t kDefaultFirstBatch = 101;
constexpr int64_t kDefaultAwaitMs = 1000;

void AppendBatchDocs(bson_t& array, const std::vector<DocPtr>& docs, size_t from, size_t count) {
  char buf[16];
  for (size_t i = 0; i < count; ++i) {
    const char* key = nullptr;
    size_t len = bson_uint32_to_string(uint32_t(i), &key, buf, sizeof buf);
    bson_t d = docs[from + i]->View();
    bson_append_document(&array, key, int(len), &d);
  }
}

// How many of docs[from..] fit in one batch of at most `limit` documents (0 = no count limit).
size_t BatchCount(const std::vector<DocPtr>& docs, size_t from, size_t limit) {
  size_t bytes = 0, n = 0;
  while (from + n < docs.size() && (limit == 0 || n < limit)) {
    bytes += docs[from + n]->size();
    if (n > 0 && bytes > kBatchBytes) break;
    ++n;
  }
  return n;
}

// Replies with a cursor over `docs`, registering the remainder when it doesn't fit one batch.
// Call with state.mu held.
void ReplyWithCursor(CommandContext& ctx, const std::string& ns, std::vector<DocPtr> docs,
                     size_t batch_size, bool single_batch, bson_t& reply) {
  size_t n = BatchCount(docs, 0, batch_size);
  int64_t id = 0;
  bson_t cursor, arr;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "cursor", &cursor);
  BSON_APPEND_ARRAY_BEGIN(&cursor, "firstBatch", &arr);
  AppendBatchDocs(arr, docs, 0, n);
  bson_append_array_end(&cursor, &arr);
  if (n < docs.size() && !single_batch) {
    auto c = std::make_unique<Cursor>();
    c->ns = ns;
    c->db = ctx.db;
    c->docs = std::move(docs);
    c->next = n;
    id = ctx.state.cursors.Add(std::move(c))->id;
  }
  BSON_APPEND_INT64(&cursor, "id", id);
  BSON_APPEND_UTF8(&cursor, "ns", ns.c_str());
  bson_append_document_end(&reply, &cursor);
}

size_t BatchSizeOf(const bson_t& holder, const char* field, size_t fallback) {
  int64_t v = IntField(holder, field, -1);
  return v < 0 ? fallback : size_t(v);
}

// Sorts by the first key of `sort` (1 or -1); other keys break ties in order.
void SortDocs(std::vector<DocPtr>& docs, const bson_t& sort) {
  std::vector<std::pair<std::string, int>> keys;
  bson_iter_t it;
  bson_iter_init(&it, &sort);
  while (bson_iter_next(&it))
    keys.emplace_back(bson_iter_key(&it), bson_iter_as_int64(&it) < 0 ? -1 : 1);
  if (keys.empty()) return;
  std::stable_sort(docs.begin(), docs.end(), [&](const DocPtr& a, const DocPtr& b) {
    bson_t va = a->View(), vb = b->View();
    for (const auto& [path, dir] : keys) {
      bson_iter_t ia, ib;
      bool ha = FindPath(va, path, ia), hb = FindPath(vb, path, ib);
      int c;
      if (!ha || !hb) {
        c = int(ha) - int(hb);
      } else {
        c = CompareValues(*bson_iter_value(&ia), *bson_iter_value(&ib));
      }
      if (c != 0) return dir * c < 0;
    }
    return false;
  });
}

std::vector<DocPtr> Scan(Collection* c, const bson_t& filter) {
  std::vector<DocPtr> out;
  if (c == nullptr) return out;
  for (const auto& [k, d] : c->docs) {
    bson_t v = d->View();
    if (Matches(filter, v)) out.push_back(d);
  }
  return out;
}

CommandError Find(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "find");
  bson_t filter = BSON_INITIALIZER, sort;
  SubDocument(ctx.command, "filter", filter);
  core::Status valid = ValidateFilter(filter);
  if (!valid.ok()) return BadValue(valid.message());
  std::lock_guard lock(ctx.state.mu);
  std::vector<DocPtr> docs = Scan(ctx.state.catalog.Find(ctx.db, coll), filter);
  if (SubDocument(ctx.command, "sort", sort)) SortDocs(docs, sort);
  size_t skip = size_t(std::max<int64_t>(0, IntField(ctx.command, "skip", 0)));
  docs.erase(docs.begin(), docs.begin() + long(std::min(skip, docs.size())));
  int64_t limit = IntField(ctx.command, "limit", 0);
  if (limit < 0) limit = -limit;
  if (limit > 0 && size_t(limit) < docs.size()) docs.resize(size_t(limit));
  ReplyWithCursor(ctx, ctx.db + "." + coll, std::move(docs),
                  BatchSizeOf(ctx.command, "batchSize", kDefaultFirstBatch),
                  BoolField(ctx.command, "singleBatch", false), reply);
  return Ok();
}

CommandError Count(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "count");
  bson_t filter = BSON_INITIALIZER;
  SubDocument(ctx.command, "query", filter);
  core::Status valid = ValidateFilter(filter);
  if (!valid.ok()) return BadValue(valid.message());
  std::lock_guard lock(ctx.state.mu);
  Collection* c = ctx.state.catalog.Find(ctx.db, coll);
  int64_t n = 0;
  if (c != nullptr)
    n = bson_empty(&filter) ? int64_t(c->docs.size()) : int64_t(Scan(c, filter).size());
  int64_t skip = IntField(ctx.command, "skip", 0), limit = IntField(ctx.command, "limit", 0);
  n = std::max<int64_t>(0, n - skip);
  if (limit > 0) n = std::min(n, limit);
  BSON_APPEND_INT32(&reply, "n", int32_t(n));
  return Ok();
}

// The aggregation stages a query pipeline may use: $match $sort $skip $limit $count, and $group
// with a constant _id and {$sum: <number>} accumulators (countDocuments).
CommandError RunQueryPipeline(const bson_t& pipeline, std::vector<DocPtr>& docs) {
  bson_iter_t it;
  bson_iter_init(&it, &pipeline);
  while (bson_iter_next(&it)) {
    bson_t stage, arg;
    bson_iter_t s;
    if (!IterDocument(it, stage) || !bson_iter_init(&s, &stage) || !bson_iter_next(&s))
      return FailedToParse("each pipeline stage must be an object with one field");
    std::string name = bson_iter_key(&s);
    if (name == "$match") {
      IterDocument(s, arg);
      core::Status valid = ValidateFilter(arg);
      if (!valid.ok()) return BadValue(valid.message());
      std::vector<DocPtr> kept;
      for (const DocPtr& d : docs) {
        bson_t v = d->View();
        if (Matches(arg, v)) kept.push_back(d);
      }
      docs.swap(kept);
    } else if (name == "$sort") {
      IterDocument(s, arg);
      SortDocs(docs, arg);
    } else if (name == "$skip") {
      size_t n = std::min(docs.size(), size_t(std::max<int64_t>(0, bson_iter_as_int64(&s))));
      docs.erase(docs.begin(), docs.begin() + long(n));
    } else if (name == "$limit") {
      size_t n = size_t(std::max<int64_t>(0, bson_iter_as_int64(&s)));
      if (n < docs.size()) docs.resize(n);
    } else if (name == "$count") {
      std::string field = BSON_ITER_HOLDS_UTF8(&s) ? bson_iter_utf8(&s, nullptr) : "count";
      int64_t n = int64_t(docs.size());
      docs.clear();
      if (n > 0) {
        bson_t out = BSON_INITIALIZER;
        bson_append_int32(&out, field.c_str(), -1, int32_t(n));
        docs.push_back(MakeDoc(out));
        bson_destroy(&out);
      }
    } else if (name == "$group") {
      IterDocument(s, arg);
      bson_iter_t g;
      bson_iter_init(&g, &arg);
      bson_t out = BSON_INITIALIZER;
      while (bson_iter_next(&g)) {
        const char* key = bson_iter_key(&g);
        if (std::strcmp(key, "_id") == 0) {
          if (BSON_ITER_HOLDS_UTF8(&g) && bson_iter_utf8(&g, nullptr)[0] == '$') {
            bson_destroy(&out);
            return BadValue("mongo-sim supports $group only with a constant _id");
          }
          bson_append_iter(&out, "_id", 3, &g);
          continue;
        }
        bson_t acc;
        bson_iter_t sum;
        if (!IterDocument(g, acc) || !bson_iter_init_find(&sum, &acc, "$sum") ||
            !BSON_ITER_HOLDS_NUMBER(&sum)) {
          bson_destroy(&out);
          return BadValue("mongo-sim supports $group accumulators of the form {$sum: <number>}");
        }
        bson_append_int32(&out, key, -1, int32_t(int64_t(docs.size()) * bson_iter_as_int64(&sum)));
      }
      bool any = !docs.empty();
      docs.clear();
      if (any) docs.push_back(MakeDoc(out));
      bson_destroy(&out);
    } else {
      return Error(40324, "Location40324",
                   "Unrecognized pipeline stage name: '" + name +
                       "' (mongo-sim supports $match $sort $skip $limit $count $group)");
    }
  }
  return Ok();
}

CommandError OpenChangeStream(CommandContext& ctx, const bson_t& pipeline, const std::string& coll,
                              bson_t& reply) {
  ChangeStreamSpec spec;
  CommandError e = ParseChangeStream(pipeline, ctx.db, coll, spec);
  if (!e.ok()) return e;
  bson_t cursor_opts = BSON_INITIALIZER;
  SubDocument(ctx.command, "cursor", cursor_opts);
  size_t batch_size = BatchSizeOf(cursor_opts, "batchSize", 0);
  bool limited = IntField(cursor_opts, "batchSize", -1) >= 0;
  std::string ns = coll.empty() ? ctx.db + ".$cmd.aggregate" : ctx.db + "." + coll;
  auto stream = std::make_unique<ChangeStream>(std::move(spec));
  std::lock_guard lock(ctx.state.mu);
  e = stream->Open(ctx.state.oplog);
  if (!e.ok()) return e;
  bson_t cursor, arr;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "cursor", &cursor);
  BSON_APPEND_ARRAY_BEGIN(&cursor, "firstBatch", &arr);
  uint32_t index = 0;
  size_t appended = 0;
  if (!limited || batch_size > 0) {
    e = stream->Scan(ctx.state.oplog, ctx.state.catalog, arr, index,
                     limited ? batch_size : SIZE_MAX, kBatchBytes, appended);
    if (!e.ok()) {
      bson_append_array_end(&cursor, &arr);
      bson_append_document_end(&reply, &cursor);
      return e;
    }
  }
  bson_append_array_end(&cursor, &arr);
  AppendResumeToken(cursor, "postBatchResumeToken", stream->position());
  int64_t id = 0;
  if (!stream->finished()) {
    auto c = std::make_unique<Cursor>();
    c->ns = ns;
    c->db = ctx.db;
    c->stream = std::move(stream);
    id = ctx.state.cursors.Add(std::move(c))->id;
  }
  BSON_APPEND_INT64(&cursor, "id", id);
  BSON_APPEND_UTF8(&cursor, "ns", ns.c_str());
  bson_append_document_end(&reply, &cursor);
  return Ok();
}

CommandError Aggregate(CommandContext& ctx, bson_t& reply) {
  bson_iter_t target;
  bson_iter_init_find(&target, &ctx.command, "aggregate");
  std::string coll = BSON_ITER_HOLDS_UTF8(&target) ? bson_iter_utf8(&target, nullptr) : "";
  bson_t pipeline;
  if (!SubDocument(ctx.command, "pipeline", pipeline))
    return FailedToParse("BSON field 'aggregate.pipeline' is missing but a required field");
  if (IsChangeStreamPipeline(pipeline)) return OpenChangeStream(ctx, pipeline, coll, reply);
  if (coll.empty())
    return Error(73, "InvalidNamespace",
                 "mongo-sim supports 'aggregate: 1' only with a $changeStream pipeline");
  std::lock_guard lock(ctx.state.mu);
  std::vector<DocPtr> docs;
  if (Collection* c = ctx.state.catalog.Find(ctx.db, coll))
    for (const auto& [k, d] : c->docs)
      docs.push_back(d);
  CommandError e = RunQueryPipeline(pipeline, docs);
  if (!e.ok()) return e;
  bson_t cursor_opts = BSON_INITIALIZER;
  SubDocument(ctx.command, "cursor", cursor_opts);
  ReplyWithCursor(ctx, ctx.db + "." + coll, std::move(docs),
                  BatchSizeOf(cursor_opts, "batchSize", kDefaultFirstBatch), false, reply);
  return Ok();
}

CommandError GetMore(CommandContext& ctx, bson_t& reply) {
  bson_iter_t idit;
  if (!bson_iter_init_find(&idit, &ctx.command, "getMore") ||
      !(BSON_ITER_HOLDS_INT64(&idit) || BSON_ITER_HOLDS_INT32(&idit)))
    return TypeMismatch("BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  int64_t id = bson_iter_as_int64(&idit);
  size_t batch_size = BatchSizeOf(ctx.command, "batchSize", 0);
  int64_t max_time = IntField(ctx.command, "maxTimeMS", kDefaultAwaitMs);
  ServerState& st = ctx.state;
  std::unique_lock lock(st.mu);
  std::shared_ptr<Cursor> c = st.cursors.Find(id);
  if (!c) return CursorNotFound(id);
  if (c->busy)
    return Error(292, "CursorInUse", "cursor id " + std::to_string(id) + " is already in use");
  bson_t cursor, arr;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "cursor", &cursor);
  BSON_APPEND_ARRAY_BEGIN(&cursor, "nextBatch", &arr);
  int64_t reply_id = id;
  if (!c->stream) {
    size_t n = BatchCount(c->docs, c->next, batch_size);
    AppendBatchDocs(arr, c->docs, c->next, n);
    c->next += n;
    if (c->next >= c->docs.size()) {
      st.cursors.Kill(id);
      reply_id = 0;
    }
    bson_append_array_end(&cursor, &arr);
  } else {
    c->busy = true;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_time);
    uint32_t index = 0;
    size_t appended = 0;
    CommandError e;
    while (true) {
      e = c->stream->Scan(st.oplog, st.catalog, arr, index, batch_size ? batch_size : SIZE_MAX,
                          kBatchBytes, appended);
      if (!e.ok() || appended > 0 || c->stream->finished()) break;
      uint64_t seen = st.oplog.LastSeq();
      bool woke = st.oplog_cv.wait_until(lock, deadline, [&] {
        return st.oplog.LastSeq() != seen || c->killed || st.shutting_down.load();
      });
      if (!woke || c->killed || st.shutting_down.load()) break;
    }
    c->busy = false;
    bson_append_array_end(&cursor, &arr);
    if (!e.ok()) {
      st.cursors.Kill(id);
      bson_append_document_end(&reply, &cursor);
      return e;
    }
    AppendResumeToken(cursor, "postBatchResumeToken", c->stream->position());
    if (c->stream->finished() || c->killed) {
      st.cursors.Kill(id);
      reply_id = 0;
    }
  }
  BSON_APPEND_INT64(&cursor, "id", reply_id);
  BSON_APPEND_UTF8(&cursor, "ns", c->ns.c_str());
  bson_append_document_end(&reply, &cursor);
  return Ok();
}

CommandError KillCursors(CommandContext& ctx, bson_t& reply) {
  bson_t ids;
  if (!SubDocument(ctx.command, "cursors", ids))
    return FailedToParse("BSON field 'killCursors.cursors' is missing but a required field");
  std::vector<int64_t> killed, missing;
  {
    std::lock_guard lock(ctx.state.mu);
    bson_iter_t it;
    bson_iter_init(&it, &ids);
    while (bson_iter_next(&it)) {
      int64_t id = bson_iter_as_int64(&it);
      (ctx.state.cursors.Kill(id) ? killed : missing).push_back(id);
    }
    ctx.state.oplog_cv.notify_all();
  }
  auto append = [&](const char* name, const std::vector<int64_t>& v) {
    bson_t arr;
    bson_append_array_begin(&reply, name, -1, &arr);
    for (size_t i = 0; i < v.size(); ++i)
      bson_append_int64(&arr, std::to_string(i).c_str(), -1, v[i]);
    bson_append_array_end(&reply, &arr);
  };
  append("cursorsKilled", killed);
  append("cursorsNotFound", missing);
  append("cursorsAlive", {});
  append("cursorsUnknown", {});
  return Ok();
}

CommandError ListCollections(CommandContext& ctx, bson_t& reply) {
  bson_t filter = BSON_INITIALIZER;
  SubDocument(ctx.command, "filter", filter);
  core::Status valid = ValidateFilter(filter);
  if (!valid.ok()) return BadValue(valid.message());
  bool name_only = BoolField(ctx.command, "nameOnly", false);
  std::lock_guard lock(ctx.state.mu);
  std::vector<DocPtr> docs;
  if (Database* db = ctx.state.catalog.FindDatabase(ctx.db)) {
    for (const auto& [name, c] : db->collections) {
      bson_t d = BSON_INITIALIZER;
      BSON_APPEND_UTF8(&d, "name", name.c_str());
      BSON_APPEND_UTF8(&d, "type", "collection");
      if (!name_only) {
        bson_t opts, info, images, idx, key;
        BSON_APPEND_DOCUMENT_BEGIN(&d, "options", &opts);
        if (c.pre_and_post_images) {
          BSON_APPEND_DOCUMENT_BEGIN(&opts, "changeStreamPreAndPostImages", &images);
          BSON_APPEND_BOOL(&images, "enabled", true);
          bson_append_document_end(&opts, &images);
        }
        bson_append_document_end(&d, &opts);
        BSON_APPEND_DOCUMENT_BEGIN(&d, "info", &info);
        BSON_APPEND_BOOL(&info, "readOnly", false);
        BSON_APPEND_BINARY(&info, "uuid", BSON_SUBTYPE_UUID,
                           reinterpret_cast<const uint8_t*>(c.uuid.data()), 16);
        bson_append_document_end(&d, &info);
        BSON_APPEND_DOCUMENT_BEGIN(&d, "idIndex", &idx);
        BSON_APPEND_INT32(&idx, "v", 2);
        BSON_APPEND_DOCUMENT_BEGIN(&idx, "key", &key);
        BSON_APPEND_INT32(&key, "_id", 1);
        bson_append_document_end(&idx, &key);
        BSON_APPEND_UTF8(&idx, "name", "_id_");
        bson_append_document_end(&d, &idx);
      }
      if (Matches(filter, d)) docs.push_back(MakeDoc(d));
      bson_destroy(&d);
    }
  }
  ReplyWithCursor(ctx, ctx.db + ".$cmd.listCollections", std::move(docs), 0, false, reply);
  return Ok();
}

CommandError ListIndexes(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "listIndexes");
  std::lock_guard lock(ctx.state.mu);
  Collection* c = ctx.state.catalog.Find(ctx.db, coll);
  if (c == nullptr) return NamespaceNotFound("ns does not exist: " + ctx.db + "." + coll);
  std::vector<DocPtr> docs;
  bson_t id = BSON_INITIALIZER, key;
  BSON_APPEND_INT32(&id, "v", 2);
  BSON_APPEND_DOCUMENT_BEGIN(&id, "key", &key);
  BSON_APPEND_INT32(&key, "_id", 1);
  bson_append_document_end(&id, &key);
  BSON_APPEND_UTF8(&id, "name", "_id_");
  docs.push_back(MakeDoc(id));
  bson_destroy(&id);
  for (const DocPtr& spec : c->indexes)
    docs.push_back(spec);
  ReplyWithCursor(ctx, ctx.db + "." + coll, std::move(docs), 0, false, reply);
  return Ok();
}

const std::map<std::string, HandlerRef>& Table() {
  static const std::map<std::string, HandlerRef> table = {
      {"find", {Find}},
      {"count", {Count}},
      {"aggregate", {Aggregate}},
      {"getMore", {GetMore}},
      {"killCursors", {KillCursors}},
      {"listCollections", {ListCollections}},
      {"listIndexes", {ListIndexes}},
  };
  return table;
}

}  // namespace

CommandHandler FindReadCommand(const std::string& name) {
  auto it = Table().find(name);
  return it == Table().end() ? nullptr : it->second.run;
}

}  // namespace mongosim
