#include "tracing/storage/sqlite_trace_storage.h"

#include <sys/stat.h>

#include <cerrno>
#include <unordered_map>
#include <variant>

#include "core/json_writer.h"
#include "tracing/storage/event_cursor.h"
#include "tracing/storage/trace_status_rules.h"

namespace tracing {
namespace {

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE IF NOT EXISTS traces (
  trace_id TEXT PRIMARY KEY,
  flow_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  version_json TEXT NOT NULL,
  start_time_ns INTEGER NOT NULL,
  end_time_ns INTEGER,
  status TEXT NOT NULL,
  status_json TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  event_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  timestamp_ns INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (trace_id, event_id)
);
CREATE INDEX IF NOT EXISTS events_trace_time ON events (trace_id, timestamp_ns);
CREATE INDEX IF NOT EXISTS events_actor ON events (actor_id);
CREATE INDEX IF NOT EXISTS events_type ON events (event_type);
CREATE INDEX IF NOT EXISTS events_time ON events (timestamp_ns);
CREATE INDEX IF NOT EXISTS traces_flow ON traces (flow_id);
CREATE INDEX IF NOT EXISTS traces_start ON traces (start_time_ns);
CREATE INDEX IF NOT EXISTS traces_status ON traces (status);
CREATE INDEX IF NOT EXISTS traces_execution ON traces (execution_id);
)sql";

constexpr const char* kTraceColumns =
    "trace_id, flow_id, execution_id, version_json, start_time_ns, end_time_ns, status, "
    "status_json, metadata_json, event_count";
constexpr const char* kEventColumns =
    "seq, trace_id, event_id, timestamp_ns, event_type, actor_id, json";

StoredTrace ReadTrace(const SqliteStatement& s) {
  StoredTrace t;
  t.trace_id = s.Text(0);
  t.flow_id = s.Text(1);
  t.execution_id = s.Text(2);
  t.version_json = s.Text(3);
  t.start_time_ns = s.Int(4);
  if (!s.IsNull(5)) t.end_time_ns = s.Int(5);
  t.status = s.Text(6);
  t.status_json = s.Text(7);
  t.metadata_json = s.Text(8);
  t.event_count = static_cast<uint64_t>(s.Int(9));
  return t;
}

StoredEvent ReadEvent(const SqliteStatement& s) {
  StoredEvent e;
  e.trace_id = s.Text(1);
  e.event_id = s.Text(2);
  e.timestamp_ns = s.Int(3);
  e.event_type = s.Text(4);
  e.actor_id = s.Text(5);
  e.json = s.Text(6);
  return e;
}

// A WHERE clause built from optional filters, with its values bound in order. The SQL text
// depends only on which filters are present (a finite set of shapes for the statement cache).
class WhereClause {
 public:
  void Add(const std::string& condition_with_placeholders,
           std::vector<std::variant<std::string, int64_t>> values) {
    sql_ += sql_.empty() ? " WHERE " : " AND ";
    sql_ += condition_with_placeholders;
    for (auto& v : values)
      values_.push_back(std::move(v));
  }
  const std::string& sql() const { return sql_; }
  // Binds the values from index 1; returns the next free index.
  int BindTo(SqliteStatement& s) const {
    int i = 1;
    for (const auto& v : values_) {
      if (const auto* text = std::get_if<std::string>(&v)) {
        s.Bind(i++, *text);
      } else {
        s.Bind(i++, std::get<int64_t>(v));
      }
    }
    return i;
  }

 private:
  std::string sql_;
  std::vector<std::variant<std::string, int64_t>> values_;
};

// Rolls back the open transaction unless Commit() succeeded.
class Transaction {
 public:
  static core::Result<Transaction> Begin(SqliteConnection* conn, bool immediate) {
    CORE_ASSIGN_OR_RETURN(SqliteStatement begin,
                          conn->Prepare(immediate ? "BEGIN IMMEDIATE" : "BEGIN"));
    CORE_RETURN_IF_ERROR(begin.Run().WithContext("begin transaction"));
    return Transaction(conn);
  }
  Transaction(Transaction&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (conn_ != nullptr) (void)conn_->Exec("ROLLBACK");
  }
  core::Status Commit() {
    CORE_ASSIGN_OR_RETURN(SqliteStatement commit, conn_->Prepare("COMMIT"));
    CORE_RETURN_IF_ERROR(commit.Run().WithContext("commit"));
    conn_ = nullptr;
    return {};
  }

 private:
  explicit Transaction(SqliteConnection* conn) : conn_(conn) {}
  SqliteConnection* conn_;
};

}  // namespace

class SqliteTraceStorage::ReadLease {
 public:
  explicit ReadLease(SqliteTraceStorage* s) : storage_(s) {
    std::unique_lock lock(s->pool_mu_);
    s->pool_cv_.wait(lock, [&] { return !s->idle_readers_.empty(); });
    conn_ = s->idle_readers_.back();
    s->idle_readers_.pop_back();
  }
  ~ReadLease() {
    {
      std::lock_guard lock(storage_->pool_mu_);
      storage_->idle_readers_.push_back(conn_);
    }
    storage_->pool_cv_.notify_one();
  }
  ReadLease(const ReadLease&) = delete;
  ReadLease& operator=(const ReadLease&) = delete;
  SqliteConnection* operator->() const { return conn_; }
  SqliteConnection* get() const { return conn_; }

 private:
  SqliteTraceStorage* storage_;
  SqliteConnection* conn_;
};

core::Result<std::unique_ptr<SqliteTraceStorage>> SqliteTraceStorage::Open(const std::string& path,
                                                                           Options options) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
    return core::InvalidArgument("sqlite trace storage needs a file path, got \"" + path +
                                 "\" (use the memory backend for an in-process store)");
  }
  if (options.read_connections < 1) options.read_connections = 1;
  if (options.retention_chunk < 1) options.retention_chunk = 1;
  std::unique_ptr<SqliteTraceStorage> s(new SqliteTraceStorage(path, options));
  CORE_ASSIGN_OR_RETURN(s->writer_, SqliteConnection::Open(path, true, options.busy_timeout_ms));
  CORE_RETURN_IF_ERROR(s->InitSchema());
  for (int i = 0; i < options.read_connections; ++i) {
    CORE_ASSIGN_OR_RETURN(auto reader,
                          SqliteConnection::Open(path, false, options.busy_timeout_ms));
    CORE_RETURN_IF_ERROR(reader->Exec("PRAGMA query_only = ON"));
    s->idle_readers_.push_back(reader.get());
    s->readers_.push_back(std::move(reader));
  }
  return s;
}

core::Status SqliteTraceStorage::InitSchema() {
  SqliteConnection& w = *writer_;
  {
    CORE_ASSIGN_OR_RETURN(SqliteStatement mode, w.Prepare("PRAGMA journal_mode = WAL"));
    CORE_ASSIGN_OR_RETURN(bool row, mode.Step());
    const std::string got = row ? mode.Text(0) : "";
    if (got != "wal") {
      return core::FailedPrecondition("sqlite " + path_ + ": cannot use WAL journal mode (got \"" +
                                      got + "\"); the file system must support shared memory");
    }
  }
  CORE_RETURN_IF_ERROR(w.Exec(options_.synchronous == Synchronous::kFull
                                  ? "PRAGMA synchronous = FULL"
                                  : "PRAGMA synchronous = NORMAL"));
  CORE_RETURN_IF_ERROR(w.Exec("PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = 67108864"));

  CORE_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(&w, true));
  CORE_ASSIGN_OR_RETURN(int64_t version, w.QueryInt("PRAGMA user_version"));
  if (version > kSchemaVersion) {
    return core::FailedPrecondition("sqlite " + path_ + ": schema version " +
                                    std::to_string(version) + " is newer than this build (" +
                                    std::to_string(kSchemaVersion) + "); upgrade the server");
  }
  CORE_RETURN_IF_ERROR(w.Exec(kSchemaSql).WithContext("create schema"));
  // Future migrations go here: `if (version < 2) { ... }`, each in this transaction.
  if (version < kSchemaVersion) {
    CORE_RETURN_IF_ERROR(w.Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)));
  }
  return tx.Commit();
}

core::Status SqliteTraceStorage::PutTrace(const StoredTrace& t) {
  std::lock_guard lock(write_mu_);
  CORE_ASSIGN_OR_RETURN(
      SqliteStatement s,
      writer_->Prepare(
          "INSERT INTO traces (trace_id, flow_id, execution_id, version_json, start_time_ns, "
          "end_time_ns, status, status_json, metadata_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
          "?8, ?9) ON CONFLICT (trace_id) DO UPDATE SET flow_id = excluded.flow_id, "
          "execution_id = excluded.execution_id, version_json = excluded.version_json, "
          "start_time_ns = excluded.start_time_ns, end_time_ns = excluded.end_time_ns, "
          "status = excluded.status, status_json = excluded.status_json, "
          "metadata_json = excluded.metadata_json"));
  s.Bind(1, t.trace_id);
  s.Bind(2, t.flow_id);
  s.Bind(3, t.execution_id);
  s.Bind(4, t.version_json);
  s.Bind(5, t.start_time_ns);
  if (t.end_time_ns) {
    s.Bind(6, *t.end_time_ns);
  } else {
    s.BindNull(6);
  }
  s.Bind(7, t.status);
  s.Bind(8, t.status_json);
  s.Bind(9, t.metadata_json);
  return s.Run().WithContext("put trace");
}

core::Status SqliteTraceStorage::AppendEvents(std::span<const StoredEvent> events) {
  if (events.empty()) return {};
  // What the batch's newly inserted events change in each trace header.
  struct TraceDelta {
    int64_t min_ts = 0;
    int64_t max_ts = 0;
    int64_t inserted = 0;
    const std::string* failed_actor = nullptr;  // the first ActorFailed in batch order
  };
  std::vector<std::pair<const std::string*, TraceDelta>> deltas;
  std::unordered_map<std::string_view, size_t> delta_index;

  std::lock_guard lock(write_mu_);
  SqliteConnection& w = *writer_;
  CORE_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(&w, true));
  {
    CORE_ASSIGN_OR_RETURN(
        SqliteStatement insert,
        w.Prepare("INSERT OR IGNORE INTO events (trace_id, event_id, timestamp_ns, event_type, "
                  "actor_id, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    for (const StoredEvent& ev : events) {
      insert.Bind(1, ev.trace_id);
      insert.Bind(2, ev.event_id);
      insert.Bind(3, ev.timestamp_ns);
      insert.Bind(4, ev.event_type);
      insert.Bind(5, ev.actor_id);
      insert.Bind(6, ev.json);
      CORE_RETURN_IF_ERROR(insert.Run().WithContext("insert event"));
      insert.Reset();
      if (sqlite3_changes(w.db()) == 0) continue;  // duplicate event_id: stored once
      auto [it, inserted] = delta_index.try_emplace(ev.trace_id, deltas.size());
      if (inserted)
        deltas.push_back({&ev.trace_id, {ev.timestamp_ns, ev.timestamp_ns, 0, nullptr}});
      TraceDelta& d = deltas[it->second].second;
      d.min_ts = std::min(d.min_ts, ev.timestamp_ns);
      d.max_ts = std::max(d.max_ts, ev.timestamp_ns);
      ++d.inserted;
      if (d.failed_actor == nullptr && ev.event_type == kActorFailedEventType) {
        d.failed_actor = &ev.actor_id;
      }
    }
  }
  for (const auto& [trace_id, d] : deltas) {
    {
      // A trace first seen here gets the minimal header of trace_status_rules.h.
      CORE_ASSIGN_OR_RETURN(
          SqliteStatement upsert,
          w.Prepare("INSERT INTO traces (trace_id, flow_id, execution_id, version_json, "
                    "start_time_ns, end_time_ns, status, status_json, metadata_json, event_count) "
                    "VALUES (?1, '', '', '', ?2, ?3, ?4, ?5, '', ?6) ON CONFLICT (trace_id) DO "
                    "UPDATE SET end_time_ns = max(coalesce(end_time_ns, excluded.end_time_ns), "
                    "excluded.end_time_ns), event_count = event_count + excluded.event_count"));
      upsert.Bind(1, *trace_id);
      upsert.Bind(2, d.min_ts);
      upsert.Bind(3, d.max_ts);
      upsert.Bind(4, kRunningStatus);
      upsert.Bind(5, kRunningStatusJson);
      upsert.Bind(6, d.inserted);
      CORE_RETURN_IF_ERROR(upsert.Run().WithContext("update trace"));
    }
    if (d.failed_actor != nullptr) {
      const std::string status_json = FailedStatusJson(*d.failed_actor);
      CORE_ASSIGN_OR_RETURN(
          SqliteStatement fail,
          w.Prepare("UPDATE traces SET status = ?2, status_json = ?3 WHERE trace_id = ?1 AND "
                    "status NOT IN ('Completed', 'Cancelled', 'Failed')"));
      fail.Bind(1, *trace_id);
      fail.Bind(2, kFailedStatus);
      fail.Bind(3, status_json);
      CORE_RETURN_IF_ERROR(fail.Run().WithContext("mark trace failed"));
    }
  }
  return tx.Commit();
}

core::Result<std::optional<TraceStorage::TraceWithEvents>> SqliteTraceStorage::GetTrace(
    const std::string& trace_id) {
  ReadLease r(this);
  CORE_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(r.get(), false));
  TraceWithEvents out;
  {
    CORE_ASSIGN_OR_RETURN(SqliteStatement s, r->Prepare(std::string("SELECT ") + kTraceColumns +
                                                        " FROM traces WHERE trace_id = ?1"));
    s.Bind(1, trace_id);
    CORE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<TraceWithEvents>();
    out.trace = ReadTrace(s);
  }
  CORE_ASSIGN_OR_RETURN(SqliteStatement s,
                        r->Prepare(std::string("SELECT ") + kEventColumns +
                                   " FROM events WHERE trace_id = ?1 ORDER BY timestamp_ns, seq"));
  s.Bind(1, trace_id);
  out.events.reserve(out.trace.event_count);
  for (;;) {
    CORE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.events.push_back(ReadEvent(s));
  }
  return std::optional<TraceWithEvents>(std::move(out));
}

core::Result<TraceQueryResult> SqliteTraceStorage::QueryTraces(const TraceQuery& q) {
  WhereClause where;
  if (q.flow_id) where.Add("flow_id = ?", {*q.flow_id});
  if (q.execution_id) where.Add("execution_id = ?", {*q.execution_id});
  if (q.from_ns) where.Add("start_time_ns >= ?", {*q.from_ns});
  if (q.to_ns) where.Add("start_time_ns <= ?", {*q.to_ns});
  if (q.status) where.Add("status = ?", {*q.status});
  if (q.actor_filter) {
    where.Add(
        "EXISTS (SELECT 1 FROM events e WHERE e.trace_id = traces.trace_id AND "
        "instr(e.actor_id, ?) > 0)",
        {*q.actor_filter});
  }
  ReadLease r(this);
  CORE_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(r.get(), false));
  TraceQueryResult out;
  {
    CORE_ASSIGN_OR_RETURN(SqliteStatement s,
                          r->Prepare("SELECT COUNT(*) FROM traces" + where.sql()));
    where.BindTo(s);
    CORE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) out.total_count = static_cast<uint64_t>(s.Int(0));
  }
  if (q.limit == 0 || out.total_count <= q.offset) return out;
  CORE_ASSIGN_OR_RETURN(
      SqliteStatement s,
      r->Prepare(std::string("SELECT ") + kTraceColumns + " FROM traces" + where.sql() +
                 " ORDER BY start_time_ns DESC, trace_id DESC LIMIT ? OFFSET ?"));
  int i = where.BindTo(s);
  s.Bind(i++, int64_t{q.limit});
  s.Bind(i, int64_t{q.offset});
  for (;;) {
    CORE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.traces.push_back(ReadTrace(s));
  }
  return out;
}

core::Result<EventQueryResult> SqliteTraceStorage::QueryEvents(const EventQuery& q) {
  if (q.limit == 0) return core::InvalidArgument("event query limit must be at least 1");
  WhereClause where;
  if (!q.cursor.empty()) {
    CORE_ASSIGN_OR_RETURN(EventCursor c, EventCursor::Decode(q.cursor));
    where.Add("(timestamp_ns, seq) > (?, ?)", {c.timestamp_ns, static_cast<int64_t>(c.seq)});
  }
  if (q.trace_id) where.Add("trace_id = ?", {*q.trace_id});
  if (q.actor_id) where.Add("actor_id = ?", {*q.actor_id});
  if (!q.event_types.empty()) {
    std::string types;
    core::JsonWriter w(&types);
    w.BeginArray();
    for (const auto& t : q.event_types)
      w.String(t);
    w.EndArray();
    where.Add("event_type IN (SELECT value FROM json_each(?))", {std::move(types)});
  }
  if (q.from_ns) where.Add("timestamp_ns >= ?", {*q.from_ns});
  if (q.to_ns) where.Add("timestamp_ns <= ?", {*q.to_ns});

  ReadLease r(this);
  CORE_ASSIGN_OR_RETURN(SqliteStatement s,
                        r->Prepare(std::string("SELECT ") + kEventColumns + " FROM events" +
                                   where.sql() + " ORDER BY timestamp_ns, seq LIMIT ?"));
  const int i = where.BindTo(s);
  s.Bind(i, int64_t{q.limit} + 1);  // one more tells whether another page exists
  EventQueryResult out;
  EventCursor last;
  for (;;) {
    CORE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (out.events.size() == q.limit) {
      out.next_cursor = last.Encode();
      break;
    }
    last = {s.Int(3), static_cast<uint64_t>(s.Int(0))};
    out.events.push_back(ReadEvent(s));
  }
  return out;
}

core::Result<std::vector<std::string>> SqliteTraceStorage::GetFlowVersions(
    const std::string& flow_id) {
  ReadLease r(this);
  CORE_ASSIGN_OR_RETURN(
      SqliteStatement s,
      r->Prepare("SELECT version_json FROM traces WHERE flow_id = ?1 AND version_json <> '' "
                 "GROUP BY version_json ORDER BY max(start_time_ns) DESC, version_json"));
  s.Bind(1, flow_id);
  std::vector<std::string> out;
  for (;;) {
    CORE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(s.Text(0));
  }
  return out;
}

core::Result<uint64_t> SqliteTraceStorage::DeleteChunk(int64_t cutoff_ns) {
  std::lock_guard lock(write_mu_);
  SqliteConnection& w = *writer_;
  CORE_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(&w, true));
  std::vector<std::string> ids;
  {
    CORE_ASSIGN_OR_RETURN(SqliteStatement s,
                          w.Prepare("SELECT trace_id FROM traces WHERE start_time_ns < ?1 "
                                    "ORDER BY start_time_ns LIMIT ?2"));
    s.Bind(1, cutoff_ns);
    s.Bind(2, int64_t{options_.retention_chunk});
    for (;;) {
      CORE_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ids.push_back(s.Text(0));
    }
  }
  for (const std::string& id : ids) {
    {
      CORE_ASSIGN_OR_RETURN(SqliteStatement del,
                            w.Prepare("DELETE FROM events WHERE trace_id = ?1"));
      del.Bind(1, id);
      CORE_RETURN_IF_ERROR(del.Run().WithContext("retention: delete events"));
    }
    CORE_ASSIGN_OR_RETURN(SqliteStatement del, w.Prepare("DELETE FROM traces WHERE trace_id = ?1"));
    del.Bind(1, id);
    CORE_RETURN_IF_ERROR(del.Run().WithContext("retention: delete trace"));
  }
  CORE_RETURN_IF_ERROR(tx.Commit());
  return uint64_t{ids.size()};
}

core::Result<uint64_t> SqliteTraceStorage::DeleteTracesBefore(int64_t cutoff_ns) {
  uint64_t total = 0;
  for (;;) {
    // The writer lock is released between chunks so ingest batches interleave.
    CORE_ASSIGN_OR_RETURN(uint64_t n, DeleteChunk(cutoff_ns));
    total += n;
    if (n < static_cast<uint64_t>(options_.retention_chunk)) return total;
  }
}

core::Status SqliteTraceStorage::Ping() {
  ReadLease r(this);
  return r->QueryInt("SELECT 1").status();
}

core::Result<uint64_t> SqliteTraceStorage::SizeBytes() {
  int64_t pages = 0;
  int64_t page_size = 0;
  {
    ReadLease r(this);
    CORE_ASSIGN_OR_RETURN(pages, r->QueryInt("PRAGMA page_count"));
    CORE_ASSIGN_OR_RETURN(page_size, r->QueryInt("PRAGMA page_size"));
  }
  uint64_t size = static_cast<uint64_t>(pages * page_size);
  struct stat st {};
  if (::stat((path_ + "-wal").c_str(), &st) == 0) size += static_cast<uint64_t>(st.st_size);
  return size;
}

}  // namespace tracing
