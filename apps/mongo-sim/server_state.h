// Everything the simulated replica-set member holds, shared by all connections.
//
// Thread-safety: `mu` guards catalog, oplog and cursors; `oplog_cv` is notified (under `mu`) after
// every oplog append, on killCursors and on shutdown, so waiting getMores wake. The fail point has
// its own lock; atomics are lock-free.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

#include "catalog.h"
#include "cursor_registry.h"
#include "fail_point.h"
#include "oplog.h"

namespace mongosim {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 27017;
  std::string replset = "rs0";
  uint64_t oplog_size = 0;  // entries; 0 = unbounded
};

struct ServerState {
  explicit ServerState(ServerOptions opts) : options(std::move(opts)), oplog(options.oplog_size) {}

  // "host:port" as members and clients name this member.
  std::string HostAndPort() const { return options.bind + ":" + std::to_string(port.load()); }

  ServerOptions options;
  std::atomic<int> port{0};  // the port actually bound

  std::mutex mu;
  std::condition_variable oplog_cv;
  Catalog catalog;
  Oplog oplog;
  CursorRegistry cursors;

  FailCommandPoint fail_command;
  std::atomic<int> global_delay_ms{0};  // simSetDelay: added before every command
  std::atomic<bool> shutting_down{false};
  std::atomic<int64_t> next_connection_id{1};
};

}  // namespace mongosim
