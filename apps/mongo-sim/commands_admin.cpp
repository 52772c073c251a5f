// Handshake, diagnostics, fail points and oplog control.
#include <chrono>
#include <cstring>
#include <map>

#include "bson_values.h"
#include "commands.h"

namespace mongosim {
namespace {

const bson_oid_t& ProcessId() {
  static const bson_oid_t oid = [] {
    bson_oid_t o;
    bson_oid_init(&o, nullptr);
    return o;
  }();
  return oid;
}

CommandError Hello(CommandContext& ctx, bson_t& reply) {
  ServerState& st = ctx.state;
  // Awaitable hello (streaming SDAM monitor): the topology never changes, so wait the full
  // maxAwaitTimeMS (or until shutdown) before answering.
  bson_iter_t tv;
  int64_t max_await = IntField(ctx.command, "maxAwaitTimeMS", -1);
  if (max_await >= 0 && bson_iter_init_find(&tv, &ctx.command, "topologyVersion")) {
    std::unique_lock lock(st.mu);
    st.oplog_cv.wait_for(lock, std::chrono::milliseconds(max_await),
                         [&] { return st.shutting_down.load(); });
  }
  if (ctx.connection.app_name.empty()) {
    bson_t client, app;
    if (SubDocument(ctx.command, "client", client) && SubDocument(client, "application", app))
      ctx.connection.app_name = StringField(app, "name");
  }
  std::string me = st.HostAndPort();
  Timestamp last;
  int64_t last_wall = WallClockMillis();
  {
    std::lock_guard lock(st.mu);
    last = st.oplog.LastSeq() > 0 ? st.oplog.LastTimestamp() : st.oplog.Now();
  }
  bool legacy_name = ctx.name != "hello";
  BSON_APPEND_BOOL(&reply, "helloOk", true);
  BSON_APPEND_BOOL(&reply, legacy_name ? "ismaster" : "isWritablePrimary", true);
  bson_t topo;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "topologyVersion", &topo);
  BSON_APPEND_OID(&topo, "processId", &ProcessId());
  BSON_APPEND_INT64(&topo, "counter", 0);
  bson_append_document_end(&reply, &topo);
  bson_t hosts;
  BSON_APPEND_ARRAY_BEGIN(&reply, "hosts", &hosts);
  BSON_APPEND_UTF8(&hosts, "0", me.c_str());
  bson_append_array_end(&reply, &hosts);
  BSON_APPEND_UTF8(&reply, "setName", st.options.replset.c_str());
  BSON_APPEND_INT32(&reply, "setVersion", 1);
  BSON_APPEND_BOOL(&reply, "secondary", false);
  BSON_APPEND_UTF8(&reply, "primary", me.c_str());
  BSON_APPEND_UTF8(&reply, "me", me.c_str());
  bson_oid_t election;
  bson_oid_init_from_string(&election, "7fffffff0000000000000001");
  BSON_APPEND_OID(&reply, "electionId", &election);
  bson_t lw, op;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "lastWrite", &lw);
  BSON_APPEND_DOCUMENT_BEGIN(&lw, "opTime", &op);
  BSON_APPEND_TIMESTAMP(&op, "ts", last.t, last.i);
  BSON_APPEND_INT64(&op, "t", 1);
  bson_append_document_end(&lw, &op);
  BSON_APPEND_DATE_TIME(&lw, "lastWriteDate", last_wall);
  BSON_APPEND_DOCUMENT_BEGIN(&lw, "majorityOpTime", &op);
  BSON_APPEND_TIMESTAMP(&op, "ts", last.t, last.i);
  BSON_APPEND_INT64(&op, "t", 1);
  bson_append_document_end(&lw, &op);
  BSON_APPEND_DATE_TIME(&lw, "majorityWriteDate", last_wall);
  bson_append_document_end(&reply, &lw);
  BSON_APPEND_INT32(&reply, "maxBsonObjectSize", 16 * 1024 * 1024);
  BSON_APPEND_INT32(&reply, "maxMessageSizeBytes", 48000000);
  BSON_APPEND_INT32(&reply, "maxWriteBatchSize", 100000);
  BSON_APPEND_DATE_TIME(&reply, "localTime", WallClockMillis());
  BSON_APPEND_INT32(&reply, "logicalSessionTimeoutMinutes", 30);
  BSON_APPEND_INT64(&reply, "connectionId", ctx.connection.id);
  BSON_APPEND_INT32(&reply, "minWireVersion", 0);
  BSON_APPEND_INT32(&reply, "maxWireVersion", 21);
  BSON_APPEND_BOOL(&reply, "readOnly", false);
  return Ok();
}

CommandError Ping(CommandContext&, bson_t&) {
  return Ok();
}

CommandError BuildInfo(CommandContext&, bson_t& reply) {
  BSON_APPEND_UTF8(&reply, "version", "7.0.0");
  BSON_APPEND_UTF8(&reply, "gitVersion", "mongo-sim");
  bson_t arr;
  BSON_APPEND_ARRAY_BEGIN(&reply, "versionArray", &arr);
  BSON_APPEND_INT32(&arr, "0", 7);
  BSON_APPEND_INT32(&arr, "1", 0);
  BSON_APPEND_INT32(&arr, "2", 0);
  BSON_APPEND_INT32(&arr, "3", 0);
  bson_append_array_end(&reply, &arr);
  BSON_APPEND_INT32(&reply, "bits", 64);
  BSON_APPEND_BOOL(&reply, "debug", false);
  BSON_APPEND_INT32(&reply, "maxBsonObjectSize", 16 * 1024 * 1024);
  bson_t modules;
  BSON_APPEND_ARRAY_BEGIN(&reply, "modules", &modules);
  bson_append_array_end(&reply, &modules);
  return Ok();
}

CommandError GetParameter(CommandContext& ctx, bson_t& reply) {
  // Answers the parameters drivers and tools ask about; others are reported as absent.
  if (IntField(ctx.command, "featureCompatibilityVersion", 0) != 0 ||
      BoolField(ctx.command, "featureCompatibilityVersion", false)) {
    bson_t fcv;
    BSON_APPEND_DOCUMENT_BEGIN(&reply, "featureCompatibilityVersion", &fcv);
    BSON_APPEND_UTF8(&fcv, "version", "7.0");
    bson_append_document_end(&reply, &fcv);
  }
  bson_iter_t it;
  if (bson_iter_init_find(&it, &ctx.command, "changeStreamOptions")) {
    bson_t o;
    BSON_APPEND_DOCUMENT_BEGIN(&reply, "changeStreamOptions", &o);
    bson_append_document_end(&reply, &o);
  }
  return Ok();
}

CommandError NoOp(CommandContext&, bson_t&) {
  return Ok();
}

CommandError ServerStatus(CommandContext& ctx, bson_t& reply) {
  BSON_APPEND_UTF8(&reply, "host", ctx.state.HostAndPort().c_str());
  BSON_APPEND_UTF8(&reply, "version", "7.0.0");
  BSON_APPEND_UTF8(&reply, "process", "mongo-sim");
  std::lock_guard lock(ctx.state.mu);
  bson_t oplog;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "oplog", &oplog);
  BSON_APPEND_INT64(&oplog, "entries", int64_t(ctx.state.oplog.size()));
  BSON_APPEND_INT64(&oplog, "firstSeq", int64_t(ctx.state.oplog.FirstRetainedSeq()));
  BSON_APPEND_INT64(&oplog, "lastSeq", int64_t(ctx.state.oplog.LastSeq()));
  bson_append_document_end(&reply, &oplog);
  return Ok();
}

CommandError ReplSetGetStatus(CommandContext& ctx, bson_t& reply) {
  BSON_APPEND_UTF8(&reply, "set", ctx.state.options.replset.c_str());
  BSON_APPEND_INT32(&reply, "myState", 1);
  bson_t members, m;
  BSON_APPEND_ARRAY_BEGIN(&reply, "members", &members);
  BSON_APPEND_DOCUMENT_BEGIN(&members, "0", &m);
  BSON_APPEND_INT32(&m, "_id", 0);
  BSON_APPEND_UTF8(&m, "name", ctx.state.HostAndPort().c_str());
  BSON_APPEND_INT32(&m, "state", 1);
  BSON_APPEND_UTF8(&m, "stateStr", "PRIMARY");
  BSON_APPEND_BOOL(&m, "self", true);
  bson_append_document_end(&members, &m);
  bson_append_array_end(&reply, &members);
  return Ok();
}

CommandError ListDatabases(CommandContext& ctx, bson_t& reply) {
  std::lock_guard lock(ctx.state.mu);
  bool name_only = BoolField(ctx.command, "nameOnly", false);
  bson_t dbs;
  BSON_APPEND_ARRAY_BEGIN(&reply, "databases", &dbs);
  uint32_t i = 0;
  int64_t total = 0;
  for (const auto& [name, db] : ctx.state.catalog.databases()) {
    int64_t size = 0;
    for (const auto& [cname, coll] : db.collections)
      for (const auto& [k, d] : coll.docs)
        size += int64_t(d->size());
    total += size;
    bson_t entry;
    bson_append_document_begin(&dbs, std::to_string(i++).c_str(), -1, &entry);
    BSON_APPEND_UTF8(&entry, "name", name.c_str());
    if (!name_only) {
      BSON_APPEND_INT64(&entry, "sizeOnDisk", size);
      BSON_APPEND_BOOL(&entry, "empty", size == 0);
    }
    bson_append_document_end(&dbs, &entry);
  }
  bson_append_array_end(&reply, &dbs);
  if (!name_only) BSON_APPEND_INT64(&reply, "totalSize", total);
  return Ok();
}

CommandError ConfigureFailPoint(CommandContext& ctx, bson_t& reply) {
  if (ctx.db != "admin")
    return Error(13, "Unauthorized",
                 "configureFailPoint may only be run against the admin database");
  CommandError e = ctx.state.fail_command.Configure(ctx.command);
  if (e.ok()) BSON_APPEND_INT32(&reply, "count", 0);
  return e;
}

// simTruncateOplog: 1 [, keepLast: N] — drops the oldest oplog entries (mongo-sim only).
CommandError SimTruncateOplog(CommandContext& ctx, bson_t& reply) {
  int64_t keep = IntField(ctx.command, "keepLast", 0);
  if (keep < 0) return BadValue("keepLast must be >= 0, got " + std::to_string(keep));
  std::lock_guard lock(ctx.state.mu);
  uint64_t dropped = ctx.state.oplog.Truncate(uint64_t(keep));
  BSON_APPEND_INT64(&reply, "dropped", int64_t(dropped));
  BSON_APPEND_INT64(&reply, "retained", int64_t(ctx.state.oplog.size()));
  ctx.state.oplog_cv.notify_all();
  return Ok();
}

// simSetDelay: <ms> — every later command sleeps this long first (0 turns it off).
CommandError SimSetDelay(CommandContext& ctx, bson_t&) {
  int64_t ms = IntField(ctx.command, "simSetDelay", -1);
  if (ms < 0 || ms > 600000) return BadValue("simSetDelay must be 0..600000 ms");
  ctx.state.global_delay_ms = int(ms);
  return Ok();
}

const std::map<std::string, HandlerRef>& Table() {
  static const std::map<std::string, HandlerRef> table = {
      {"hello", {Hello}},
      {"isMaster", {Hello}},
      {"ismaster", {Hello}},
      {"ping", {Ping}},
      {"buildInfo", {BuildInfo}},
      {"buildinfo", {BuildInfo}},
      {"getParameter", {GetParameter}},
      {"endSessions", {NoOp}},
      {"killSessions", {NoOp}},
      {"killAllSessions", {NoOp}},
      {"refreshSessions", {NoOp}},
      {"commitTransaction", {NoOp}},
      {"abortTransaction", {NoOp}},
      {"serverStatus", {ServerStatus}},
      {"replSetGetStatus", {ReplSetGetStatus}},
      {"listDatabases", {ListDatabases}},
      {"configureFailPoint", {ConfigureFailPoint}},
      {"simTruncateOplog", {SimTruncateOplog}},
      {"simSetDelay", {SimSetDelay}},
  };
  return table;
}

}  // namespace

CommandHandler FindAdminCommand(const std::string& name) {
  auto it = Table().find(name);
  return it == Table().end() ? nullptr : it->second.run;
}

}  // namespace mongosim
