// Collection and database DDL: create, collMod, drop, dropDatabase, renameCollection,
// createIndexes, dropIndexes. Each change appends an oplog entry under ServerState::mu.
#include <map>
#include <string>

#include "bson_values.h"
#include "commands.h"

namespace mongosim {
namespace {

bool ImagesOption(const bson_t& cmd, bool& enabled) {
  bson_t opt;
  if (!SubDocument(cmd, "changeStreamPreAndPostImages", opt)) return false;
  enabled = BoolField(opt, "enabled", false);
  return true;
}

CommandError Create(CommandContext& ctx, bson_t&) {
  std::string coll = StringField(ctx.command, "create");
  if (coll.empty())
    return Error(73, "InvalidNamespace", "Invalid namespace specified '" + ctx.db + ".'");
  bool images = false;
  ImagesOption(ctx.command, images);
  std::lock_guard lock(ctx.state.mu);
  if (ctx.state.catalog.Find(ctx.db, coll) != nullptr)
    return Error(48, "NamespaceExists", "Collection " + ctx.db + "." + coll + " already exists.");
  ctx.EnsureCollection(coll, images);
  return Ok();
}

CommandError CollMod(CommandContext& ctx, bson_t&) {
  std::string coll = StringField(ctx.command, "collMod");
  std::lock_guard lock(ctx.state.mu);
  Collection* c = ctx.state.catalog.Find(ctx.db, coll);
  if (c == nullptr) return NamespaceNotFound("ns does not exist: " + ctx.db + "." + coll);
  bool images = false;
  if (ImagesOption(ctx.command, images)) c->pre_and_post_images = images;
  OplogEntry e;
  e.op = OpType::kModify;
  e.db = ctx.db;
  e.coll = coll;
  e.uuid = c->uuid;
  bson_t desc = BSON_INITIALIZER;
  bson_copy_to_excluding_noinit(&ctx.command, &desc, "collMod", "$db", "lsid", "$clusterTime",
                                "$readPreference", NULL);
  e.operation_description = MakeDoc(desc);
  bson_destroy(&desc);
  ctx.Log(std::move(e));
  return Ok();
}

void LogDrop(CommandContext& ctx, const std::string& db, const std::string& coll,
             const Collection& c) {
  OplogEntry e;
  e.op = OpType::kDrop;
  e.db = db;
  e.coll = coll;
  e.uuid = c.uuid;
  ctx.Log(std::move(e));
}

CommandError Drop(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "drop");
  std::lock_guard lock(ctx.state.mu);
  Collection* c = ctx.state.catalog.Find(ctx.db, coll);
  if (c == nullptr) return Ok();  // MongoDB 7 answers ok for a missing collection
  BSON_APPEND_INT32(&reply, "nIndexesWas", int32_t(1 + c->indexes.size()));
  BSON_APPEND_UTF8(&reply, "ns", (ctx.db + "." + coll).c_str());
  LogDrop(ctx, ctx.db, coll, *c);
  ctx.state.catalog.Drop(ctx.db, coll);
  return Ok();
}

CommandError DropDatabase(CommandContext& ctx, bson_t& reply) {
  std::lock_guard lock(ctx.state.mu);
  Database* db = ctx.state.catalog.FindDatabase(ctx.db);
  if (db == nullptr) return Ok();
  for (const auto& [name, c] : db->collections)
    LogDrop(ctx, ctx.db, name, c);
  OplogEntry e;
  e.op = OpType::kDropDatabase;
  e.db = ctx.db;
  ctx.Log(std::move(e));
  ctx.state.catalog.DropDatabase(ctx.db);
  BSON_APPEND_UTF8(&reply, "dropped", ctx.db.c_str());
  return Ok();
}

bool SplitNs(const std::string& ns, std::string& db, std::string& coll) {
  size_t dot = ns.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == ns.size()) return false;
  db = ns.substr(0, dot);
  coll = ns.substr(dot + 1);
  return true;
}

CommandError RenameCollection(CommandContext& ctx, bson_t&) {
  std::string from = StringField(ctx.command, "renameCollection");
  std::string to = StringField(ctx.command, "to");
  std::string from_db, from_coll, to_db, to_coll;
  if (!SplitNs(from, from_db, from_coll) || !SplitNs(to, to_db, to_coll))
    return Error(73, "InvalidNamespace",
                 "Invalid namespace specified '" + from + "' -> '" + to + "'");
  if (ctx.db != "admin")
    return Error(13, "Unauthorized",
                 "renameCollection may only be run against the admin database.");
  bool drop_target = BoolField(ctx.command, "dropTarget", false);
  std::lock_guard lock(ctx.state.mu);
  Collection* src = ctx.state.catalog.Find(from_db, from_coll);
  if (src == nullptr) return NamespaceNotFound("Source collection " + from + " does not exist");
  if (Collection* target = ctx.state.catalog.Find(to_db, to_coll)) {
    if (!drop_target) return Error(48, "NamespaceExists", "target namespace exists");
    LogDrop(ctx, to_db, to_coll, *target);
    ctx.state.catalog.Drop(to_db, to_coll);
    src = ctx.state.catalog.Find(from_db, from_coll);
  }
  OplogEntry e;
  e.op = OpType::kRename;
  e.db = from_db;
  e.coll = from_coll;
  e.uuid = src->uuid;
  e.to_db = to_db;
  e.to_coll = to_coll;
  e.drop_target = drop_target;
  ctx.state.catalog.Rename(from_db, from_coll, to_db, to_coll);
  ctx.Log(std::move(e));
  return Ok();
}

CommandError CreateIndexes(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "createIndexes");
  bson_t indexes;
  if (!SubDocument(ctx.command, "indexes", indexes))
    return FailedToParse("BSON field 'createIndexes.indexes' is missing but a required field");
  std::lock_guard lock(ctx.state.mu);
  bool existed = ctx.state.catalog.Find(ctx.db, coll) != nullptr;
  Collection& c = ctx.EnsureCollection(coll);
  int32_t before = int32_t(1 + c.indexes.size());
  bson_iter_t it;
  bson_iter_init(&it, &indexes);
  while (bson_iter_next(&it)) {
    bson_t spec;
    if (!IterDocument(it, spec)) return FailedToParse("index specs must be objects");
    c.indexes.push_back(MakeDoc(spec));
  }
  OplogEntry e;
  e.op = OpType::kCreateIndexes;
  e.db = ctx.db;
  e.coll = coll;
  e.uuid = c.uuid;
  bson_t desc = BSON_INITIALIZER;
  BSON_APPEND_ARRAY(&desc, "indexes", &indexes);
  e.operation_description = MakeDoc(desc);
  bson_destroy(&desc);
  ctx.Log(std::move(e));
  BSON_APPEND_INT32(&reply, "numIndexesBefore", before);
  BSON_APPEND_INT32(&reply, "numIndexesAfter", int32_t(1 + c.indexes.size()));
  BSON_APPEND_BOOL(&reply, "createdCollectionAutomatically", !existed);
  return Ok();
}

CommandError DropIndexes(CommandContext& ctx, bson_t& reply) {
  std::string coll = StringField(ctx.command, "dropIndexes");
  std::lock_guard lock(ctx.state.mu);
  Collection* c = ctx.state.catalog.Find(ctx.db, coll);
  if (c == nullptr) return NamespaceNotFound("ns not found " + ctx.db + "." + coll);
  BSON_APPEND_INT32(&reply, "nIndexesWas", int32_t(1 + c->indexes.size()));
  c->indexes.clear();
  OplogEntry e;
  e.op = OpType::kDropIndexes;
  e.db = ctx.db;
  e.coll = coll;
  e.uuid = c->uuid;
  ctx.Log(std::move(e));
  return Ok();
}

const std::map<std::string, HandlerRef>& Table() {
  static const std::map<std::string, HandlerRef> table = {
      {"create", {Create}},
      {"collMod", {CollMod}},
      {"drop", {Drop}},
      {"dropDatabase", {DropDatabase}},
      {"renameCollection", {RenameCollection}},
      {"createIndexes", {CreateIndexes}},
      {"dropIndexes", {DropIndexes}},
  };
  return table;
}

}  // namespace

CommandHandler FindDdlCommand(const std::string& name) {
  auto it = Table().find(name);
  return it == Table().end() ? nullptr : it->second.run;
}

}  // namespace mongosim
