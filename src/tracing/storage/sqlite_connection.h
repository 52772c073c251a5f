// SqliteConnection: one sqlite3 handle with its cache of prepared statements, and the mapping of
// SQLite result codes to core::Status.
//
// Thread-safety: none. A connection is used by one thread at a time (SqliteTraceStorage guards
// each connection with its own mutex); it is opened with SQLITE_OPEN_NOMUTEX for that reason.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/status.h"

namespace tracing {

// Maps an SQLite result code to a typed Status whose message is
// "sqlite <path>: <what>: <sqlite message>": BUSY/LOCKED -> Unavailable, FULL ->
// ResourceExhausted, CORRUPT/NOTADB -> DataLoss, CANTOPEN -> PermissionDenied when the OS said
// EACCES/EPERM else FailedPrecondition, PERM/READONLY/AUTH -> PermissionDenied, IOERR ->
// Unavailable, CONSTRAINT/MISMATCH/RANGE -> InvalidArgument, others -> Internal.
core::Status SqliteStatus(int rc, sqlite3* db, std::string_view path, std::string_view what);

// A prepared statement borrowed from a connection's cache: reset and unbound when it goes out of
// scope. Bind indexes are 1-based, column indexes 0-based. Text is bound SQLITE_STATIC: the bound
// strings must outlive the statement's use.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3_stmt* stmt, class SqliteConnection* conn) : stmt_(stmt), conn_(conn) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)), conn_(other.conn_) {}
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement& operator=(SqliteStatement&&) = delete;

  void Bind(int i, std::string_view text);
  void Bind(int i, int64_t v);
  void BindNull(int i);
  // Steps once: true when a row is available, false when done; errors are returned as Status.
  core::Result<bool> Step();
  // Steps to completion, expecting no rows.
  core::Status Run();
  // Makes the statement ready to run again (bindings are kept until rebound).
  void Reset() { sqlite3_reset(stmt_); }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;

 private:
  sqlite3_stmt* stmt_;
  SqliteConnection* conn_;
};

class SqliteConnection {
 public:
  // Opens (creating if `create`) the database file with a busy timeout. Errors name the path.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, bool create,
                                                              int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements without results ("PRAGMA ...; CREATE ...").
  core::Status Exec(const std::string& sql);
  // A cached prepared statement for `sql` (prepared on first use, kept until the connection
  // closes): callers build SQL only from a finite set of shapes, never from values.
  core::Result<SqliteStatement> Prepare(const std::string& sql);
  // The first column of the first row of `sql` as an integer (for PRAGMAs and COUNTs).
  core::Result<int64_t> QueryInt(const std::string& sql);

  core::Status Error(int rc, std::string_view what) const {
    return SqliteStatus(rc, db_, path_, what);
  }
  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace tracing
