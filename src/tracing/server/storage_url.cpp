#include "tracing/server/storage_url.h"

#include "core/uri_mask.h"
#include "tracing/storage/memory_trace_storage.h"
#include "tracing/storage/sqlite_trace_storage.h"

namespace tracing::server {

core::Result<StorageLocation> ParseStorageUrl(const std::string& url) {
  std::string_view u = url;
  StorageLocation loc;
  if (u.starts_with("sqlite:")) {
    std::string_view rest = u.substr(7);
    if (rest.starts_with("//")) rest.remove_prefix(2);
    if (rest.empty()) {
      return core::InvalidArgument("database url \"" + url +
                                   "\" names no file; expected sqlite:PATH or sqlite://PATH");
    }
    loc.kind = StorageLocation::Kind::kSqlite;
    loc.path.assign(rest);
    return loc;
  }
  if (u == "memory:" || u == "memory://" || u == "memory") {
    loc.kind = StorageLocation::Kind::kMemory;
    return loc;
  }
  if (u.starts_with("postgresql://") || u.starts_with("postgres://")) {
    return core::FailedPrecondition("database url \"" + core::MaskSecretsInUri(url) +
                                    "\": PostgreSQL storage is not available in this build yet; "
                                    "use sqlite://PATH or memory:");
  }
  return core::InvalidArgument("database url \"" + core::MaskSecretsInUri(url) +
                               "\" has an unknown scheme; expected sqlite://PATH, memory: or "
                               "postgresql://...");
}

core::Result<std::unique_ptr<TraceStorage>> OpenTraceStorage(const std::string& url) {
  CORE_ASSIGN_OR_RETURN(StorageLocation loc, ParseStorageUrl(url));
  if (loc.kind == StorageLocation::Kind::kMemory) {
    return std::unique_ptr<TraceStorage>(std::make_unique<MemoryTraceStorage>());
  }
  CORE_ASSIGN_OR_RETURN(auto sqlite, SqliteTraceStorage::Open(loc.path));
  return std::unique_ptr<TraceStorage>(std::move(sqlite));
}

}  // namespace tracing::server
