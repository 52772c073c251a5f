// Document writes. Every change appends an oplog entry (under ServerState::mu) so change streams
// see it; no-op updates append nothing, as MongoDB does.
#include <cstring>
#include <map>
#include <vector>

#include "bson_values.h"
#include "commands.h"
#include "document_update.h"
#include "query_filter.h"

namespace mongosim {
namespace {

struct WriteError {
  int index;
  int code;
  std::string message;
};

void AppendWriteErrors(bson_t& reply, const std::vector<WriteError>& errors) {
  if (errors.empty()) return;
  bson_t arr;
  BSON_APPEND_ARRAY_BEGIN(&reply, "writeErrors", &arr);
  uint32_t i = 0;
  for (const WriteError& e : errors) {
    bson_t d;
    bson_append_document_begin(&arr, std::to_string(i++).c_str(), -1, &d);
    BSON_APPEND_INT32(&d, "index", e.index);
    BSON_APPEND_INT32(&d, "code", e.code);
    BSON_APPEND_UTF8(&d, "errmsg", e.message.c_str());
    bson_append_document_end(&arr, &d);
  }
  bson_append_array_end(&reply, &arr);
}

DocPtr DocumentKey(const bson_t& doc) {
  bson_t key = BSON_INITIALIZER;
  bson_iter_t it;
  if (bson_iter_init_find(&it, &doc, "_id")) bson_append_iter(&key, "_id", 3, &it);
  DocPtr p = MakeDoc(key);
  bson_destroy(&key);
  return p;
}

std::vector<DocPtr> Select(const Collection& c, const bson_t& filter, size_t limit) {
  std::vector<DocPtr> out;
  bson_iter_t it;
  if (bson_iter_init(&it, &filter) && bson_iter_next(&it) &&
      std::strcmp(bson_iter_key(&it), "_id") == 0 && !BSON_ITER_HOLDS_DOCUMENT(&it) &&
      !BSON_ITER_HOLDS_ARRAY(&it) && !bson_iter_next(&it)) {
    auto found = c.docs.find(IdKey(filter));
    if (found != c.docs.end()) out.push_back(found->second);
    return out;
  }
  for (const auto& [k, d] : c.docs) {
    bson_t v = d->View();
    if (Matches(filter, v)) {
      out.push_back(d);
      if (limit != 0 && out.size() >= limit) break;
    }
  }
  return out;
}

std::string DupKeyMessage(const std::string& db, const std::string& coll, const bson_t& doc) {
  DocPtr key_doc = DocumentKey(doc);  // must outlive the view below
  bson_t key = key_doc->View();
  char* json = bson_as_relaxed_extended_json(&key, nullptr);
  std::string msg =
      "E11000 duplicate key error collection: " + db + "." + coll + " index: _id_ dup key: " + json;
  bson_free(json);
  return msg;
}

// Inserts one document (adding an ObjectId _id when missing). Returns false on duplicate key.
bool InsertOne(CommandContext& ctx, Collection& c, const std::string& coll, const bson_t& doc,
               WriteError& error, DocPtr* inserted = nullptr) {
  DocPtr stored;
  bson_iter_t id;
  bson_iter_t first;
  bool id_first = bson_iter_init(&first, &doc) && bson_iter_next(&first) &&
                  std::strcmp(bson_iter_key(&first), "_id") == 0;
  if (id_first) {
    stored = MakeDoc(doc);
  } else if (bson_iter_init_find(&id, &doc, "_id")) {
    // MongoDB stores _id as the first field.
    bson_t reordered = BSON_INITIALIZER;
    bson_append_iter(&reordered, "_id", 3, &id);
    bson_copy_to_excluding_noinit(&doc, &reordered, "_id", NULL);
    stored = MakeDoc(reordered);
    bson_destroy(&reordered);
  } else {
    bson_t with_id = BSON_INITIALIZER;
    bson_oid_t oid;
    bson_oid_init(&oid, nullptr);
    BSON_APPEND_OID(&with_id, "_id", &oid);
    bson_concat(&with_id, &doc);
    stored = MakeDoc(with_id);
    bson_destroy(&with_id);
  }
  bson_t view = stored->View();
  auto [pos, fresh] = c.docs.emplace(IdKey(view), stored);
  if (!fresh) {
    error.code = 11000;
    error.message = DupKeyMessage(ctx.db, coll, view);
    return false;
  }
  OplogEntry e;
  e.op = OpType::kInsert;
  e.db = ctx.db;
  e.coll = coll;
  e.uuid = c.uuid;
  e.document_key = DocumentKey(view);
  e.post_image = stored;
  e.images_enabled = c.pre_and_post_images;
  ctx.Log(std::move(e));
  if (inserted) *inserted = stored;
  return true;
}

CommandError Insert(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "insert");
  if (coll.empty()) return BadValue("insert needs a collection name");
  bson_t docs;
  if (!SubDocument(ctx.command, "documents", docs))
    return FailedToParse("BSON field 'insert.documents' is missing but a required field");
  bool ordered = BoolField(ctx.command, "ordered", true);
  std::vector<WriteError> errors;
  int32_t n = 0;
  {
    std::lock_guard lock(ctx.state.mu);
    Collection& c = ctx.EnsureCollection(coll);
    bson_iter_t it;
    bson_iter_init(&it, &docs);
    int index = 0;
    while (bson_iter_next(&it)) {
      bson_t doc;
      if (!IterDocument(it, doc)) return TypeMismatch("insert documents must be objects");
      WriteError err{index, 0, ""};
      if (InsertOne(ctx, c, coll, doc, err)) {
        ++n;
      } else {
        errors.push_back(err);
        if (ordered) break;
      }
      ++index;
    }
  }
  BSON_APPEND_INT32(&reply, "n", n);
  AppendWriteErrors(reply, errors);
  return Ok();
}

// Applies one update to `original`, stores the result and logs it. `changed` is false for a no-op.
bool UpdateOne(CommandContext& ctx, Collection& c, const std::string& coll, const DocPtr& original,
               const bson_t& update, UpdateError& error, bool& changed, DocPtr* result = nullptr) {
  bson_t before = original->View();
  bson_t after = BSON_INITIALIZER;
  UpdateDescription desc;
  if (!ApplyUpdate(before, update, false, after, desc, error)) {
    bson_destroy(&after);
    return false;
  }
  DocPtr stored = MakeDoc(after);
  bson_destroy(&after);
  changed = stored->bytes() != original->bytes();
  if (result) *result = changed ? stored : original;
  if (!changed) return true;
  c.docs[IdKey(before)] = stored;
  OplogEntry e;
  e.op = IsReplacement(update) ? OpType::kReplace : OpType::kUpdate;
  e.db = ctx.db;
  e.coll = coll;
  e.uuid = c.uuid;
  e.document_key = DocumentKey(before);
  e.post_image = stored;
  e.images_enabled = c.pre_and_post_images;
  if (c.pre_and_post_images) e.pre_image = original;
  e.update = std::move(desc);
  ctx.Log(std::move(e));
  return true;
}

// Builds and inserts the document of an upsert that matched nothing.
bool Upsert(CommandContext& ctx, Collection& c, const std::string& coll, const bson_t& filter,
            const bson_t& update, UpdateError& error, DocPtr& inserted) {
  bson_t seed = BSON_INITIALIZER;
  if (!IsReplacement(update)) SeedFromFilter(filter, seed);
  bson_t doc = BSON_INITIALIZER;
  UpdateDescription ignored;
  bool ok = ApplyUpdate(seed, update, true, doc, ignored, error);
  if (ok && IsReplacement(update)) {
    bson_iter_t id, fid;
    if (!bson_iter_init_find(&id, &doc, "_id") && bson_iter_init_find(&fid, &filter, "_id") &&
        !BSON_ITER_HOLDS_DOCUMENT(&fid)) {
      bson_t with_id = BSON_INITIALIZER;
      bson_append_iter(&with_id, "_id", 3, &fid);
      bson_concat(&with_id, &doc);
      bson_destroy(&doc);
      doc = with_id;
    }
  }
  WriteError werr{0, 0, ""};
  if (ok && !InsertOne(ctx, c, coll, doc, werr, &inserted)) {
    error = {werr.code, werr.message};
    ok = false;
  }
  bson_destroy(&seed);
  bson_destroy(&doc);
  return ok;
}

CommandError Update(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "update");
  bson_t updates;
  if (!SubDocument(ctx.command, "updates", updates))
    return FailedToParse("BSON field 'update.updates' is missing but a required field");
  bool ordered = BoolField(ctx.command, "ordered", true);
  std::vector<WriteError> errors;
  int32_t n = 0, modified = 0;
  bson_t upserted = BSON_INITIALIZER;
  uint32_t upserted_count = 0;
  {
    std::lock_guard lock(ctx.state.mu);
    bson_iter_t it;
    bson_iter_init(&it, &updates);
    int index = 0;
    while (bson_iter_next(&it)) {
      bson_t stmt, q = BSON_INITIALIZER, u;
      if (!IterDocument(it, stmt) || !SubDocument(stmt, "u", u)) {
        bson_destroy(&upserted);
        return FailedToParse("each update statement needs 'q' and 'u' objects");
      }
      SubDocument(stmt, "q", q);
      bson_iter_t uit;
      if (bson_iter_init_find(&uit, &stmt, "u") && BSON_ITER_HOLDS_ARRAY(&uit)) {
        bson_destroy(&upserted);
        return Error(9, "FailedToParse", "mongo-sim does not support pipeline-style updates");
      }
      core::Status valid = ValidateFilter(q);
      if (!valid.ok()) {
        bson_destroy(&upserted);
        return BadValue(valid.message());
      }
      bool multi = BoolField(stmt, "multi", false);
      bool upsert = BoolField(stmt, "upsert", false);
      if (multi && IsReplacement(u)) {
        bson_destroy(&upserted);
        return FailedToParse("multi update is not supported for replacement-style update");
      }
      Collection* c = ctx.state.catalog.Find(ctx.db, coll);
      std::vector<DocPtr> targets;
      if (c != nullptr) targets = Select(*c, q, multi ? 0 : 1);
      UpdateError uerr;
      bool failed = false;
      for (const DocPtr& d : targets) {
        bool changed = false;
        if (!UpdateOne(ctx, *c, coll, d, u, uerr, changed)) {
          failed = true;
          break;
        }
        ++n;
        if (changed) ++modified;
      }
      if (!failed && targets.empty() && upsert) {
        Collection& uc = ctx.EnsureCollection(coll);
        DocPtr inserted;
        if (Upsert(ctx, uc, coll, q, u, uerr, inserted)) {
          ++n;
          bson_t entry;
          bson_append_document_begin(&upserted, std::to_string(upserted_count++).c_str(), -1,
                                     &entry);
          BSON_APPEND_INT32(&entry, "index", index);
          bson_t view = inserted->View();
          bson_iter_t id;
          bson_iter_init_find(&id, &view, "_id");
          bson_append_iter(&entry, "_id", 3, &id);
          bson_append_document_end(&upserted, &entry);
        } else {
          failed = true;
        }
      }
      if (failed) {
        errors.push_back({index, uerr.code, uerr.message});
        if (ordered) break;
      }
      ++index;
    }
  }
  BSON_APPEND_INT32(&reply, "n", n);
  BSON_APPEND_INT32(&reply, "nModified", modified);
  if (upserted_count > 0) BSON_APPEND_ARRAY(&reply, "upserted", &upserted);
  bson_destroy(&upserted);
  AppendWriteErrors(reply, errors);
  return Ok();
}

void DeleteOne(CommandContext& ctx, Collection& c, const std::string& coll, const DocPtr& d) {
  bson_t view = d->View();
  c.docs.erase(IdKey(view));
  OplogEntry e;
  e.op = OpType::kDelete;
  e.db = ctx.db;
  e.coll = coll;
  e.uuid = c.uuid;
  e.document_key = DocumentKey(view);
  e.images_enabled = c.pre_and_post_images;
  if (c.pre_and_post_images) e.pre_image = d;
  ctx.Log(std::move(e));
}

CommandError Delete(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "delete");
  bson_t deletes;
  if (!SubDocument(ctx.command, "deletes", deletes))
    return FailedToParse("BSON field 'delete.deletes' is missing but a required field");
  int32_t n = 0;
  {
    std::lock_guard lock(ctx.state.mu);
    bson_iter_t it;
    bson_iter_init(&it, &deletes);
    while (bson_iter_next(&it)) {
      bson_t stmt, q = BSON_INITIALIZER;
      if (!IterDocument(it, stmt)) return FailedToParse("delete statements must be objects");
      SubDocument(stmt, "q", q);
      core::Status valid = ValidateFilter(q);
      if (!valid.ok()) return BadValue(valid.message());
      int64_t limit = IntField(stmt, "limit", 0);
      if (limit != 0 && limit != 1)
        return BadValue("The limit field in delete objects must be 0 or 1. Got " +
                        std::to_string(limit));
      Collection* c = ctx.state.catalog.Find(ctx.db, coll);
      if (c == nullptr) continue;
      for (const DocPtr& d : Select(*c, q, size_t(limit))) {
        DeleteOne(ctx, *c, coll, d);
        ++n;
      }
    }
  }
  BSON_APPEND_INT32(&reply, "n", n);
  return Ok();
}

CommandError FindAndModify(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, ctx.name.c_str());
  bson_t q = BSON_INITIALIZER, u;
  SubDocument(ctx.command, "query", q);
  core::Status valid = ValidateFilter(q);
  if (!valid.ok()) return BadValue(valid.message());
  bool remove = BoolField(ctx.command, "remove", false);
  bool has_update = SubDocument(ctx.command, "update", u);
  if (remove == has_update)
    return FailedToParse("Either an update or remove=true must be specified");
  bool want_new = BoolField(ctx.command, "new", false);
  bool upsert = BoolField(ctx.command, "upsert", false);
  std::lock_guard lock(ctx.state.mu);
  Collection* c = ctx.state.catalog.Find(ctx.db, coll);
  std::vector<DocPtr> targets;
  if (c != nullptr) targets = Select(*c, q, 1);
  DocPtr value;
  bson_t leo;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "lastErrorObject", &leo);
  if (!targets.empty()) {
    BSON_APPEND_INT32(&leo, "n", 1);
    if (remove) {
      DeleteOne(ctx, *c, coll, targets[0]);
      value = targets[0];
    } else {
      UpdateError uerr;
      bool changed = false;
      DocPtr result;
      if (!UpdateOne(ctx, *c, coll, targets[0], u, uerr, changed, &result))
        return Error(uerr.code, CodeName(uerr.code), uerr.message);
      BSON_APPEND_BOOL(&leo, "updatedExisting", true);
      value = want_new ? result : targets[0];
    }
  } else if (upsert && has_update) {
    Collection& uc = ctx.EnsureCollection(coll);
    UpdateError uerr;
    DocPtr inserted;
    if (!Upsert(ctx, uc, coll, q, u, uerr, inserted))
      return Error(uerr.code, CodeName(uerr.code), uerr.message);
    BSON_APPEND_INT32(&leo, "n", 1);
    BSON_APPEND_BOOL(&leo, "updatedExisting", false);
    bson_t view = inserted->View();
    bson_iter_t id;
    bson_iter_init_find(&id, &view, "_id");
    bson_append_iter(&leo, "upserted", 8, &id);
    if (want_new) value = inserted;
  } else {
    BSON_APPEND_INT32(&leo, "n", 0);
    if (!remove) BSON_APPEND_BOOL(&leo, "updatedExisting", false);
  }
  bson_append_document_end(&reply, &leo);
  if (value) {
    bson_t v = value->View();
    BSON_APPEND_DOCUMENT(&reply, "value", &v);
  } else {
    BSON_APPEND_NULL(&reply, "value");
  }
  return Ok();
}

const std::map<std::string, HandlerRef>& Table() {
  static const std::map<std::string, HandlerRef> table = {
      {"insert", {Insert}},
      {"update", {Update}},
      {"delete", {Delete}},
      {"findAndModify", {FindAndModify}},
      {"findandmodify", {FindAndModify}},
  };
  return table;
}

}  // namespace

CommandHandler FindWriteCommand(const std::string& name) {
  auto it = Table().find(name);
  return it == Table().end() ? nullptr : it->second.run;
}

}  // namespace mongosim
