#include "tracing/storage/memory_trace_storage.h"

#include <algorithm>
#include <iterator>

#include "tracing/storage/event_cursor.h"
#include "tracing/storage/trace_status_rules.h"

namespace tracing {
namespace {

// Retention releases the mutex after this many traces so writers are not stalled.
constexpr size_t kRetentionChunk = 500;

bool Matches(const StoredEvent& e, const EventQuery& q) {
  if (q.actor_id && e.actor_id != *q.actor_id) return false;
  if (q.from_ns && e.timestamp_ns < *q.from_ns) return false;
  if (q.to_ns && e.timestamp_ns > *q.to_ns) return false;
  if (!q.event_types.empty() &&
      std::find(q.event_types.begin(), q.event_types.end(), e.event_type) == q.event_types.end()) {
    return false;
  }
  return true;
}

}  // namespace

MemoryTraceStorage::MemoryTraceStorage(Options options) : options_(options) {}

size_t MemoryTraceStorage::HeaderBytes(const StoredTrace& t) {
  return t.version_json.size() + t.status_json.size() + t.metadata_json.size();
}

MemoryTraceStorage::Entry& MemoryTraceStorage::TouchLocked(const std::string& trace_id,
                                                           int64_t start_time_ns, bool* created) {
  auto [it, inserted] = traces_.try_emplace(trace_id);
  Entry& e = it->second;
  *created = inserted;
  if (inserted) {
    e.trace = MinimalTrace(trace_id, start_time_ns);
    e.bytes = HeaderBytes(e.trace);
    bytes_ += e.bytes;
    by_start_.emplace(start_time_ns, trace_id);
    lru_.push_front(trace_id);
    e.lru = lru_.begin();
  } else {
    lru_.splice(lru_.begin(), lru_, e.lru);
  }
  return e;
}

void MemoryTraceStorage::SetHeaderLocked(Entry& e, const StoredTrace& header) {
  if (header.start_time_ns != e.trace.start_time_ns) {
    by_start_.erase({e.trace.start_time_ns, e.trace.trace_id});
    by_start_.emplace(header.start_time_ns, e.trace.trace_id);
  }
  const size_t old_bytes = HeaderBytes(e.trace);
  const uint64_t count = e.trace.event_count;
  e.trace = header;
  e.trace.event_count = count;
  const size_t new_bytes = HeaderBytes(e.trace);
  e.bytes = e.bytes - old_bytes + new_bytes;
  bytes_ = bytes_ - old_bytes + new_bytes;
}

void MemoryTraceStorage::EraseLocked(TraceMap::iterator it) {
  Entry& e = it->second;
  for (const auto& [key, event] : e.events)
    by_time_.erase(key);
  by_start_.erase({e.trace.start_time_ns, e.trace.trace_id});
  lru_.erase(e.lru);
  bytes_ -= e.bytes;
  traces_.erase(it);
}

void MemoryTraceStorage::EvictLocked() {
  while ((traces_.size() > options_.max_traces || bytes_ > options_.max_bytes) && lru_.size() > 1) {
    EraseLocked(traces_.find(lru_.back()));
    ++evicted_;
  }
}

core::Status MemoryTraceStorage::PutTrace(const StoredTrace& trace) {
  std::lock_guard lock(mu_);
  bool created = false;
  Entry& e = TouchLocked(trace.trace_id, trace.start_time_ns, &created);
  SetHeaderLocked(e, trace);
  EvictLocked();
  return {};
}

core::Status MemoryTraceStorage::AppendEvents(std::span<const StoredEvent> events) {
  std::lock_guard lock(mu_);
  std::unordered_set<Entry*> created_now;  // minimal headers made by this batch
  for (const StoredEvent& ev : events) {
    bool created = false;
    Entry& e = TouchLocked(ev.trace_id, ev.timestamp_ns, &created);
    if (created) created_now.insert(&e);
    if (!e.event_ids.insert(ev.event_id).second) continue;  // duplicate: stored once

    if (created_now.count(&e) != 0 && ev.timestamp_ns < e.trace.start_time_ns) {
      StoredTrace header = e.trace;
      header.start_time_ns = ev.timestamp_ns;
      SetHeaderLocked(e, header);
    }
    const EventKey key{ev.timestamp_ns, next_seq_++};
    auto pos = e.events.emplace_hint(e.events.end(), key, ev);
    by_time_.emplace(key, &pos->second);
    ++e.actors[ev.actor_id];
    ++e.trace.event_count;
    e.bytes += ev.json.size();
    bytes_ += ev.json.size();

    e.trace.end_time_ns = std::max(e.trace.end_time_ns.value_or(ev.timestamp_ns), ev.timestamp_ns);
    if (ev.event_type == kActorFailedEventType && !IsFinalStatus(e.trace.status)) {
      StoredTrace header = e.trace;
      header.status = std::string(kFailedStatus);
      header.status_json = FailedStatusJson(ev.actor_id);
      SetHeaderLocked(e, header);
    }
  }
  EvictLocked();
  return {};
}

core::Result<std::optional<TraceStorage::TraceWithEvents>> MemoryTraceStorage::GetTrace(
    const std::string& trace_id) {
  std::lock_guard lock(mu_);
  auto it = traces_.find(trace_id);
  if (it == traces_.end()) return std::optional<TraceWithEvents>();
  Entry& e = it->second;
  lru_.splice(lru_.begin(), lru_, e.lru);
  TraceWithEvents out;
  out.trace = e.trace;
  out.events.reserve(e.events.size());
  for (const auto& [key, event] : e.events)
    out.events.push_back(event);
  return std::optional<TraceWithEvents>(std::move(out));
}

core::Result<TraceQueryResult> MemoryTraceStorage::QueryTraces(const TraceQuery& q) {
  std::lock_guard lock(mu_);
  TraceQueryResult out;
  // Newest start first; ties by trace_id descending (the order every backend uses).
  for (auto it = by_start_.rbegin(); it != by_start_.rend(); ++it) {
    const Entry& e = traces_.find(it->second)->second;
    const StoredTrace& t = e.trace;
    if (q.flow_id && t.flow_id != *q.flow_id) continue;
    if (q.execution_id && t.execution_id != *q.execution_id) continue;
    if (q.from_ns && t.start_time_ns < *q.from_ns) continue;
    if (q.to_ns && t.start_time_ns > *q.to_ns) continue;
    if (q.status && t.status != *q.status) continue;
    if (q.actor_filter && std::none_of(e.actors.begin(), e.actors.end(), [&](const auto& actor) {
          return actor.first.find(*q.actor_filter) != std::string::npos;
        })) {
      continue;
    }
    if (out.total_count >= q.offset && out.traces.size() < q.limit) out.traces.push_back(t);
    ++out.total_count;
  }
  return out;
}

core::Result<EventQueryResult> MemoryTraceStorage::QueryEvents(const EventQuery& q) {
  if (q.limit == 0) return core::InvalidArgument("event query limit must be at least 1");
  EventKey after{INT64_MIN, 0};
  if (!q.cursor.empty()) {
    CORE_ASSIGN_OR_RETURN(EventCursor c, EventCursor::Decode(q.cursor));
    after = {c.timestamp_ns, c.seq};
  }
  std::lock_guard lock(mu_);
  EventQueryResult out;
  EventKey last{};
  bool more = false;
  auto visit = [&](const EventKey& key, const StoredEvent& e) {
    if (!Matches(e, q)) return true;
    if (out.events.size() == q.limit) {
      more = true;
      return false;
    }
    out.events.push_back(e);
    last = key;
    return true;
  };
  if (q.trace_id) {
    auto it = traces_.find(*q.trace_id);
    if (it == traces_.end()) return out;
    const auto& events = it->second.events;
    for (auto e = events.upper_bound(after); e != events.end() && visit(e->first, e->second); ++e) {
    }
  } else {
    for (auto e = by_time_.upper_bound(after); e != by_time_.end() && visit(e->first, *e->second);
         ++e) {
    }
  }
  if (more) out.next_cursor = EventCursor{last.first, last.second}.Encode();
  return out;
}

core::Result<std::vector<std::string>> MemoryTraceStorage::GetFlowVersions(
    const std::string& flow_id) {
  std::unordered_map<std::string, int64_t> newest;  // version_json -> latest start_time
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, e] : traces_) {
      if (e.trace.flow_id != flow_id || e.trace.version_json.empty()) continue;
      auto [it, inserted] = newest.try_emplace(e.trace.version_json, e.trace.start_time_ns);
      if (!inserted) it->second = std::max(it->second, e.trace.start_time_ns);
    }
  }
  std::vector<std::pair<int64_t, std::string>> sorted;
  sorted.reserve(newest.size());
  for (auto& [version, start] : newest)
    sorted.emplace_back(start, version);
  // Newest first; ties by version_json ascending.
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  out.reserve(sorted.size());
  for (auto& [start, version] : sorted)
    out.push_back(std::move(version));
  return out;
}

core::Result<uint64_t> MemoryTraceStorage::DeleteTracesBefore(int64_t cutoff_ns) {
  uint64_t deleted = 0;
  for (;;) {
    std::lock_guard lock(mu_);
    size_t chunk = 0;
    while (chunk < kRetentionChunk && !by_start_.empty() && by_start_.begin()->first < cutoff_ns) {
      EraseLocked(traces_.find(by_start_.begin()->second));
      ++chunk;
    }
    deleted += chunk;
    if (chunk < kRetentionChunk) return deleted;
  }
}

core::Result<uint64_t> MemoryTraceStorage::SizeBytes() {
  std::lock_guard lock(mu_);
  return uint64_t{bytes_};
}

size_t MemoryTraceStorage::TraceCount() const {
  std::lock_guard lock(mu_);
  return traces_.size();
}

uint64_t MemoryTraceStorage::EvictedTraces() const {
  std::lock_guard lock(mu_);
  return evicted_;
}

}  // namespace tracing
