#include "tracing/server/ingest_writer.h"

#include <algorithm>

#include "core/log.h"

namespace tracing::server {

IngestWriter::IngestWriter(TraceStorage& storage, Options options, ServerMetrics* metrics)
    : storage_(storage), options_(options), metrics_(metrics), queue_(options.queue_capacity) {}

IngestWriter::~IngestWriter() {
  Drain();
}

void IngestWriter::Start() {
  thread_ = std::thread([this] { Run(); });
}

void IngestWriter::Drain() {
  queue_.Close();
  if (thread_.joinable()) thread_.join();
}

core::Status IngestWriter::Commit(const std::vector<StoredEvent>& rows) {
  core::Status st;
  auto backoff = std::chrono::milliseconds(5);
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    const auto start = std::chrono::steady_clock::now();
    st = storage_.AppendEvents(rows);
    if (metrics_) {
      metrics_->batch_commit_seconds.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    if (st.ok() || !st.retryable()) return st;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(500));
  }
  return st;
}

void IngestWriter::Run() {
  core::Logger log("ingest");
  std::vector<IngestItem> items;
  std::vector<StoredEvent> rows;
  rows.reserve(options_.batch_size);
  while (true) {
    items.clear();
    if (queue_.PopBatch(items, 1) == 0) break;  // closed and drained
    size_t events = items.front().events.size();
    // Take whatever else is ready, while the batch has room (never splitting a request).
    while (events < options_.batch_size) {
      const size_t before = items.size();
      if (queue_.TryPopBatch(items, 1) == 0) break;
      events += items[before].events.size();
    }
    rows.clear();
    for (IngestItem& item : items) {
      for (StoredEvent& e : item.events)
        rows.push_back(std::move(e));
    }
    core::Status st = rows.empty() ? core::Status() : Commit(rows);
    if (st.ok()) {
      batches_.fetch_add(1, std::memory_order_relaxed);
      if (metrics_) {
        metrics_->events_ingested.Inc(rows.size());
        metrics_->batch_events.Observe(static_cast<double>(rows.size()));
      }
    } else {
      LOG_ERROR(log, "writing {} events failed: {}", rows.size(), st.ToString());
    }
    for (IngestItem& item : items) {
      if (item.done) item.done(st);
    }
  }
}

}  // namespace tracing::server
