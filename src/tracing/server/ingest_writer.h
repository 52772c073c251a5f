// IngestWriter: the batch writer between WebSocket sessions and storage.
//
// Sessions hand it one IngestItem per RecordEvent/RecordEvents request (TryEnqueue never
// blocks). A single writer thread takes everything queued, up to `batch_size` events (a request
// is never split), and commits it with one TraceStorage::AppendEvents transaction; then it calls
// every item's `done` with the outcome, in queue order. It never waits to fill a batch: when
// events arrive faster than one commit, the next batch holds everything that queued meanwhile
// (group commit), so an event waits at most one commit plus its own, far below
// `batch_timeout_ms` (which therefore bounds a batch's age as the option promises).
//
// A retryable storage error (Unavailable, e.g. SQLite busy) is retried with backoff up to
// `max_attempts`; then the items fail with that error.
//
// Lifetime: Start() once; Drain() closes the queue, commits everything accepted, calls every
// `done`, and joins (also run by the destructor). `done` runs on the writer thread and must not
// block. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

#include "core/bounded_queue.h"
#include "core/status.h"
#include "tracing/server/server_metrics.h"
#include "tracing/storage/trace_storage.h"

namespace tracing::server {

struct IngestItem {
  std::vector<StoredEvent> events;
  std::function<void(const core::Status&)> done;  // may be empty
};

class IngestWriter {
 public:
  struct Options {
    size_t batch_size = 100;        // events per transaction (a larger single request is one batch)
    size_t queue_capacity = 65536;  // queued requests
    int max_attempts = 5;
  };

  IngestWriter(TraceStorage& storage, Options options, ServerMetrics* metrics);
  ~IngestWriter();
  IngestWriter(const IngestWriter&) = delete;
  IngestWriter& operator=(const IngestWriter&) = delete;

  void Start();
  // False when the queue is full or draining; `item` is then left untouched.
  bool TryEnqueue(IngestItem&& item) { return queue_.TryPush(std::move(item)); }
  void Drain();

  bool closed() const { return queue_.closed(); }
  size_t queued() const { return queue_.size(); }
  size_t capacity() const { return queue_.capacity(); }
  // Batches committed so far.
  uint64_t batches() const { return batches_.load(std::memory_order_relaxed); }

 private:
  void Run();
  core::Status Commit(const std::vector<StoredEvent>& rows);

  TraceStorage& storage_;
  const Options options_;
  ServerMetrics* metrics_;
  core::BoundedQueue<IngestItem> queue_;
  std::thread thread_;
  std::atomic<uint64_t> batches_{0};
};

}  // namespace tracing::server
