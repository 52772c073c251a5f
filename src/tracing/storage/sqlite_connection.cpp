#include "tracing/storage/sqlite_connection.h"

#include <cerrno>
#include <cstring>

namespace tracing {
core::Status SqliteStatus(int rc, sqlite3* db, std::string_view path, std::string_view what) {
  std::string message = "sqlite ";
  message.append(path).append(": ").append(what).append(": ");
  message.append(db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  const int sys_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
      return core::Unavailable(std::move(message));
    case SQLITE_FULL:
      return core::ResourceExhausted(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {core::ErrorCode::kDataLoss, std::move(message)};
    case SQLITE_CANTOPEN:
      if (sys_errno != 0) message.append(" (").append(std::strerror(sys_errno)).append(")");
      if (sys_errno == EACCES || sys_errno == EPERM) {
        return core::PermissionDenied(std::move(message));
      }
      return core::FailedPrecondition(std::move(message));
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return core::PermissionDenied(std::move(message));
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return core::InvalidArgument(std::move(message));
    default:
      return core::Internal(std::move(message));
  }
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void SqliteStatement::Bind(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void SqliteStatement::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
}

void SqliteStatement::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
}

core::Result<bool> SqliteStatement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->Error(rc, "step");
}

core::Status SqliteStatement::Run() {
  for (;;) {
    CORE_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return {};
  }
}

std::string SqliteStatement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                       bool create,
                                                                       int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    core::Status st = SqliteStatus(rc, db, path, "open database file");
    sqlite3_close_v2(db);
    return st;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(db, path));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_)
    sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

core::Status SqliteConnection::Exec(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "exec \"" + sql.substr(0, 60) + "\"");
  return {};
}

core::Result<SqliteStatement> SqliteConnection::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "prepare \"" + sql.substr(0, 60) + "\"");
    it = statements_.emplace(sql, stmt).first;
  }
  return SqliteStatement(it->second, this);
}

core::Result<int64_t> SqliteConnection::QueryInt(const std::string& sql) {
  CORE_ASSIGN_OR_RETURN(SqliteStatement stmt, Prepare(sql));
  CORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return core::Internal("sqlite " + path_ + ": no row from \"" + sql + "\"");
  return stmt.Int(0);
}

}  // namespace tracing
