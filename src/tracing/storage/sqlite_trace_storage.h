// SqliteTraceStorage: the embedded TraceStorage, one SQLite database file in WAL mode.
//
// Durability (journal_mode=WAL):
//  - Synchronous::kNormal (default): a transaction is in the WAL file, written through the OS,
//    when AppendEvents returns OK, so it survives a crash of this process (kill -9 included).
//    After power loss or an OS crash the newest transactions (those since the last WAL
//    checkpoint's fsync) may be rolled back; the database itself stays consistent.
//  - Synchronous::kFull: the WAL is fsynced at every commit, so a committed batch also survives
//    power loss, at the cost of one fsync per AppendEvents call.
//
// Concurrency: one writer connection (serialised by a mutex) and a small pool of read
// connections, so queries read a consistent snapshot and run while a batch is being written.
// Retention deletes in transactions of `retention_chunk` traces, releasing the writer between
// chunks so ingest is never stalled for long.
//
// Schema version 1 (PRAGMA user_version): tables traces and events plus their indexes, created
// idempotently by Open(); a database with a newer version is refused. See docs/tracing-storage.md.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tracing/storage/sqlite_connection.h"
#include "tracing/storage/trace_storage.h"

namespace tracing {

class SqliteTraceStorage final : public TraceStorage {
 public:
  static constexpr int kSchemaVersion = 1;

  enum class Synchronous { kNormal, kFull };
  struct Options {
    Synchronous synchronous = Synchronous::kNormal;
    int busy_timeout_ms = 5000;  // how long a connection waits for a lock before Unavailable
    int read_connections = 2;    // size of the read pool (at least 1)
    int retention_chunk = 500;   // traces deleted per retention transaction
  };

  // Opens or creates the database at `path` (a file path; ":memory:" is refused since the read
  // pool needs a shared file). Errors name the path and carry SQLite's message, e.g.
  // FailedPrecondition "sqlite /no/such/dir/t.db: open database file: unable to open database
  // file (No such file or directory)".
  static core::Result<std::unique_ptr<SqliteTraceStorage>> Open(const std::string& path,
                                                                Options options);
  static core::Result<std::unique_ptr<SqliteTraceStorage>> Open(const std::string& path) {
    return Open(path, Options{});
  }

  core::Status PutTrace(const StoredTrace& trace) override;
  core::Status AppendEvents(std::span<const StoredEvent> events) override;
  core::Result<std::optional<TraceWithEvents>> GetTrace(const std::string& trace_id) override;
  core::Result<TraceQueryResult> QueryTraces(const TraceQuery& query) override;
  core::Result<EventQueryResult> QueryEvents(const EventQuery& query) override;
  core::Result<std::vector<std::string>> GetFlowVersions(const std::string& flow_id) override;
  core::Result<uint64_t> DeleteTracesBefore(int64_t cutoff_ns) override;
  core::Status Ping() override;
  // page_count * page_size of the main file plus the current size of the -wal file.
  core::Result<uint64_t> SizeBytes() override;
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  class ReadLease;  // borrows one read connection from the pool

  SqliteTraceStorage(std::string path, Options options)
      : path_(std::move(path)), options_(options) {}
  core::Status InitSchema();
  // Deletes up to options_.retention_chunk traces started before cutoff in one transaction.
  core::Result<uint64_t> DeleteChunk(int64_t cutoff_ns);

  const std::string path_;
  const Options options_;

  std::mutex write_mu_;  // guards writer_ (and its statement cache)
  std::unique_ptr<SqliteConnection> writer_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;  // destroyed before writer_
  std::vector<SqliteConnection*> idle_readers_;
};

}  // namespace tracing
