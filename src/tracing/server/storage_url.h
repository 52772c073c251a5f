// OpenTraceStorage: the TraceStorage named by `database.url`.
//
//   sqlite:PATH, sqlite://PATH, sqlite:///abs/path   SQLite file (WAL), relative paths from the cwd
//   memory:, memory://                               in-process, bounded, nothing survives restart
//   postgresql://..., postgres://...                 FailedPrecondition: not available in this
//                                                    build yet
//
// Errors name the URL with its password masked.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "tracing/storage/trace_storage.h"

namespace tracing::server {

struct StorageLocation {
  enum class Kind { kSqlite, kMemory, kPostgres } kind = Kind::kSqlite;
  std::string path;  // kSqlite: the database file
};

core::Result<StorageLocation> ParseStorageUrl(const std::string& url);
core::Result<std::unique_ptr<TraceStorage>> OpenTraceStorage(const std::string& url);

}  // namespace tracing::server
