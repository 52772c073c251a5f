// Command dispatch: runs one decoded command against the ServerState and builds its reply.
//
// Handlers are grouped by concept: commands_admin.cpp (handshake, diagnostics, fail points,
// oplog control), commands_write.cpp (document writes), commands_ddl.cpp (collections,
// databases, indexes), commands_read.cpp (find, aggregate, change streams, cursors).
#pragma once

#include <bson/bson.h>

#include <string>

#include "command_error.h"
#include "server_state.h"

namespace mongosim {

// Per-connection facts the handlers need.
struct ConnectionInfo {
  int64_t id = 0;
  std::string app_name;  // from the handshake's client.application.name
};

// One command being executed.
struct CommandContext {
  ServerState& state;
  ConnectionInfo& connection;
  const bson_t& command;
  std::string name;  // the command name as the client sent it
  std::string db;    // $db
  DocPtr lsid;       // the session, when the command carries one
  int64_t txn_number = -1;
  bool in_transaction = false;  // autocommit: false

  // Appends `entry` (stamping session fields) and wakes waiting change streams. Call with
  // state.mu held.
  EntryPtr Log(OplogEntry entry);
  // Finds or creates collection `coll` of `db`; a creation is logged as a `create` entry. Call
  // with state.mu held.
  Collection& EnsureCollection(const std::string& coll, bool pre_and_post_images = false);
};

// What the connection does after a command.
struct CommandOutcome {
  bool close_connection = false;  // close without replying (fail point closeConnection)
};

// Runs `command` and fills `reply` (initialised by the caller). Never throws.
CommandOutcome RunCommand(ServerState& state, ConnectionInfo& connection, const bson_t& command,
                          bson_t& reply);

using CommandHandler = CommandError (*)(CommandContext& ctx, bson_t& reply);
// Wraps a handler for use in containers (bson_t's alignment attribute is dropped from template
// arguments, which GCC warns about).
struct HandlerRef {
  CommandHandler run;
};

// Handler lookup by command name (case-sensitive, as MongoDB); nullptr if unknown.
CommandHandler FindAdminCommand(const std::string& name);
CommandHandler FindWriteCommand(const std::string& name);
CommandHandler FindDdlCommand(const std::string& name);
CommandHandler FindReadCommand(const std::string& name);

// Appends `operationTime` and `$clusterTime` for the current cluster time.
void AppendClusterTime(ServerState& state, bson_t& reply);

}  // namespace mongosim
