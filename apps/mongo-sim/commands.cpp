#include "commands.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "bson_values.h"

namespace mongosim {
namespace {

// Codes whose getMore errors a driver may resume a change stream after.
bool IsResumableCode(int code) {
  static const int kCodes[] = {6,   7,    63,    89,    91,    133,   150,   189,  234,
                               262, 9001, 10107, 11600, 11602, 13388, 13435, 13436};
  return std::find(std::begin(kCodes), std::end(kCodes), code) != std::end(kCodes);
}

DocPtr IdIndexSpec() {
  bson_t d = BSON_INITIALIZER, key;
  BSON_APPEND_INT32(&d, "v", 2);
  BSON_APPEND_DOCUMENT_BEGIN(&d, "key", &key);
  BSON_APPEND_INT32(&key, "_id", 1);
  bson_append_document_end(&d, &key);
  BSON_APPEND_UTF8(&d, "name", "_id_");
  DocPtr p = MakeDoc(d);
  bson_destroy(&d);
  return p;
}

}  // namespace

Collection& CommandContext::EnsureCollection(const std::string& coll, bool images) {
  bool created = false;
  Collection& c = state.catalog.Ensure(db, coll, created);
  if (created) {
    c.pre_and_post_images = images;
    OplogEntry e;
    e.op = OpType::kCreate;
    e.db = db;
    e.coll = coll;
    e.uuid = c.uuid;
    bson_t desc = BSON_INITIALIZER;
    DocPtr id_index = IdIndexSpec();
    bson_t idx = id_index->View();
    BSON_APPEND_DOCUMENT(&desc, "idIndex", &idx);
    e.operation_description = MakeDoc(desc);
    bson_destroy(&desc);
    Log(std::move(e));
  }
  return c;
}

// Documents of `c` matching `filter`, in _id order; at most `limit` (0 = all). Uses the _id map
// directly for {_id: <value>} filters.

EntryPtr CommandContext::Log(OplogEntry entry) {
  entry.lsid = lsid;
  entry.txn_number = txn_number;
  entry.in_transaction = in_transaction;
  EntryPtr e = state.oplog.Append(std::move(entry));
  state.oplog_cv.notify_all();
  return e;
}

void AppendClusterTime(ServerState& state, bson_t& reply) {
  Timestamp ts;
  {
    std::lock_guard lock(state.mu);
    ts = state.oplog.LastSeq() > 0 ? state.oplog.LastTimestamp() : state.oplog.Now();
  }
  bson_t ct, sig;
  BSON_APPEND_DOCUMENT_BEGIN(&reply, "$clusterTime", &ct);
  BSON_APPEND_TIMESTAMP(&ct, "clusterTime", ts.t, ts.i);
  BSON_APPEND_DOCUMENT_BEGIN(&ct, "signature", &sig);
  static const uint8_t kZeroHash[20] = {};
  BSON_APPEND_BINARY(&sig, "hash", BSON_SUBTYPE_BINARY, kZeroHash, 20);
  BSON_APPEND_INT64(&sig, "keyId", 0);
  bson_append_document_end(&ct, &sig);
  bson_append_document_end(&reply, &ct);
  BSON_APPEND_TIMESTAMP(&reply, "operationTime", ts.t, ts.i);
}

CommandOutcome RunCommand(ServerState& state, ConnectionInfo& connection, const bson_t& command,
                          bson_t& reply) {
  CommandOutcome outcome;
  bson_iter_t it;
  if (!bson_iter_init(&it, &command) || !bson_iter_next(&it)) {
    AppendError(reply, FailedToParse("empty command"));
    return outcome;
  }
  CommandContext ctx{state, connection, command, bson_iter_key(&it), StringField(command, "$db")};
  if (ctx.db.empty()) ctx.db = "admin";
  bson_t lsid;
  if (SubDocument(command, "lsid", lsid)) ctx.lsid = MakeDoc(lsid);
  ctx.txn_number = IntField(command, "txnNumber", -1);
  bson_iter_t ac;
  ctx.in_transaction = bson_iter_init_find(&ac, &command, "autocommit") && !bson_iter_as_bool(&ac);

  if (int delay = state.global_delay_ms.load(); delay > 0 && ctx.name != "simSetDelay")
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));

  if (ctx.name != "configureFailPoint") {
    FailAction action = state.fail_command.Check(ctx.name, connection.app_name);
    if (action.triggered) {
      if (action.block_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(action.block_ms));
      if (action.close_connection) {
        outcome.close_connection = true;
        return outcome;
      }
      if (!action.error.ok()) {
        if (action.error.labels.empty() && ctx.name == "getMore" &&
            IsResumableCode(action.error.code))
          action.error.labels.push_back("ResumableChangeStreamError");
        AppendError(reply, action.error);
        AppendClusterTime(state, reply);
        return outcome;
      }
    }
  }

  CommandHandler handler = FindAdminCommand(ctx.name);
  if (handler == nullptr) handler = FindWriteCommand(ctx.name);
  if (handler == nullptr) handler = FindDdlCommand(ctx.name);
  if (handler == nullptr) handler = FindReadCommand(ctx.name);
  CommandError error;
  if (handler == nullptr) {
    error = Error(59, "CommandNotFound", "no such command: '" + ctx.name + "'");
  } else {
    error = handler(ctx, reply);
  }
  if (!error.ok()) {
    AppendError(reply, error);
  } else {
    BSON_APPEND_DOUBLE(&reply, "ok", 1.0);
  }
  AppendClusterTime(state, reply);
  return outcome;
}

}  // namespace mongosim
