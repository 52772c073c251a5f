// ChangeStreamReader: follows one change stream for as long as the process runs, and never dies
// silently.
//
//  - Retryable errors (network, not primary, CursorNotFound, ResumableChangeStreamError, ...)
//    reopen the stream from the last delivered position (resumeAfter; startAfter after an
//    invalidate) with jittered exponential backoff: nothing is lost or repeated.
//  - ChangeStreamHistoryLost (286) follows options.on_history_lost: kFail returns DataLoss naming
//    the stream and the token's age; kRestartFromNow reopens at "now", tells the sink and counts
//    it.
//  - invalidate: delivered to the sink; a collection stream then ends (StreamEnd::kInvalidated);
//    database and deployment streams continue with startAfter.
//  - Any other error is returned with the stream's name.
//
// Run() blocks on its thread; `stop` ends it between events and during backoff.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "cdc/source/change_event_sink.h"
#include "cdc/source/change_stream_options.h"
#include "cdc/source/mongo_client_pool.h"
#include "core/status.h"

namespace cdc {

enum class StreamEnd { kStopped, kInvalidated };

// Counters a reader updates; read them from any thread (e.g. for metrics and /health).
struct ReaderStats {
  std::atomic<uint64_t> events{0};
  std::atomic<uint64_t> quiet_checkpoints{0};
  std::atomic<uint64_t> reconnects{0};
  std::atomic<uint64_t> history_lost_restarts{0};
  std::atomic<int64_t> last_cluster_time_seconds{0};
  std::atomic<int64_t> last_reply_ms{0};      // wall clock of the last successful server reply
  std::atomic<int64_t> last_event_ms{0};      // wall clock when the last event was read
  std::atomic<int64_t> last_event_lag_ms{0};  // last_event_ms - the event's cluster time
};

class ChangeStreamReader {
 public:
  // `pool` must outlive the reader.
  ChangeStreamReader(MongoClientPool* pool, StreamTarget target, ChangeStreamOptions options)
      : pool_(pool), target_(std::move(target)), options_(std::move(options)) {}

  core::Result<StreamEnd> Run(StartPosition start, ChangeEventSink& sink,
                              const std::atomic<bool>& stop);

  const StreamTarget& target() const { return target_; }
  const ReaderStats& stats() const { return stats_; }

  // Replaces how backoff waits (tests); the default sleeps in slices, returning early on stop.
  void set_sleeper(std::function<void(std::chrono::milliseconds)> sleeper) {
    sleeper_ = std::move(sleeper);
  }

 private:
  core::Status HistoryLost(const StartPosition& position) const;

  MongoClientPool* pool_;
  StreamTarget target_;
  ChangeStreamOptions options_;
  ReaderStats stats_;
  std::function<void(std::chrono::milliseconds)> sleeper_;
};

}  // namespace cdc
