// Checkpointer: moves one stream's resume-token checkpoint forward only over a contiguous
// prefix of durable batches, so a restart never skips an event that was not written.
//
//   reader thread:  OnCut(seq, last_token)   a batch was cut and handed to the writers
//                   OnQuiet(token)           the stream is idle at `token` (postBatchResumeToken)
//   writer threads: OnDurable(seq)           every object of batch `seq` is durable
//
// The checkpoint saved is the last token of the highest batch h such that batches 1..h are all
// durable; when no batch is in flight, a quiet token moves it further (at most once per
// heartbeat interval), so an idle stream never ages out of the oplog. A failed save (e.g. the
// state store is down) keeps the state and is retried on the next call: nothing is skipped.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "cdc/state/state_store.h"
#include "core/status.h"

namespace cdc {

class Checkpointer {
 public:
  using Clock = std::function<int64_t()>;  // wall-clock milliseconds (injectable for tests)

  // `store` must outlive the checkpointer. `last_sequence` is the sequence of the stored
  // checkpoint (0 for none): the next batch cut must be last_sequence + 1.
  Checkpointer(StateStore* store, std::string stream, uint64_t last_sequence,
               std::chrono::milliseconds heartbeat, Clock clock = {});

  void OnCut(uint64_t sequence, const std::string& last_token);
  core::Status OnDurable(uint64_t sequence);
  core::Status OnQuiet(const std::string& token);
  // Saves whatever can be saved now (shutdown).
  core::Status Flush();

  uint64_t in_flight() const;
  uint64_t checkpointed_sequence() const;
  // Wall-clock ms of the last successful save (0: none yet).
  int64_t last_saved_ms() const;

 private:
  core::Status AdvanceLocked(bool allow_quiet);
  int64_t Now() const;

  StateStore* store_;
  const std::string stream_;
  const std::chrono::milliseconds heartbeat_;
  Clock clock_;

  mutable std::mutex mu_;
  // Batches cut but not yet covered by the checkpoint: sequence -> {last token, durable?}.
  struct Pending {
    std::string last_token;
    bool durable = false;
  };
  std::map<uint64_t, Pending> pending_;
  uint64_t saved_sequence_;    // covered by the stored checkpoint
  uint64_t durable_sequence_;  // highest contiguous durable sequence (>= saved)
  std::string durable_token_;  // its last token (not yet saved when > saved)
  std::string quiet_token_;    // latest quiet token seen with nothing in flight
  std::string saved_token_;
  int64_t last_saved_ms_ = 0;
};

}  // namespace cdc
