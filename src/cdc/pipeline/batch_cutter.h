// BatchCutter: runs on one stream's reader thread and turns its events into EventBatches.
//
// A batch is cut when it reaches batch_size events or max_batch_bytes, or when batch_timeout has
// passed since its first event (checked on every event and on every quiet wakeup, so at least
// once per max_await_time). An event bigger than max_event_bytes is not written as data: it is
// carried in the batch as a dead letter (with its reason) and does not block the stream.
//
// Replay after a crash: the manifests of batches cut but not covered by the checkpoint are
// handed in at construction; those batches are then cut exactly where they were (from their
// start token to their last token, with their partition time), so they overwrite the same objects
// with the same content and no event lands in two objects. A manifest is replayed when the batch
// being opened starts where it started (its start_after is the last event token, or, for the first
// batch after a restart, its sequence is the next one). Manifests may be missing for some
// batches (writers save them out of order; a crash can fall in between): batches without a
// manifest were never written, so they are cut by the normal rules, but always also at the start
// of the next pending manifest, so that one lines up again.
//
// Cut batches go to `sink` (the writers' queue): a blocking hand-off, which is how backpressure
// reaches the stream. Checkpointer::OnCut is called before the hand-off.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "cdc/pipeline/checkpointer.h"
#include "cdc/pipeline/event_batch.h"
#include "cdc/source/change_event_sink.h"
#include "cdc/state/state_store.h"

namespace cdc {

enum class PartitionBy { kEventTime, kProcessingTime };

struct CutterOptions {
  size_t batch_size = 100;
  size_t max_batch_bytes = 64 << 20;
  std::chrono::milliseconds batch_timeout{5000};
  size_t max_event_bytes = 64 << 20;
  PartitionBy partition_by = PartitionBy::kEventTime;
};

class BatchCutter : public ChangeEventSink {
 public:
  // Receives each cut batch; returns false when the pipeline is closing (the batch is dropped
  // without being acknowledged, so it is read again after restart).
  using BatchSink = std::function<bool(std::unique_ptr<EventBatch>)>;
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `checkpointer` must outlive the cutter. `start_token` is the token the stream resumes after
  // (the stored checkpoint; empty when starting fresh). `replay` are the pending manifests,
  // sorted by sequence; the first must follow `checkpointer`'s stored sequence.
  BatchCutter(std::string stream, CutterOptions options, Checkpointer* checkpointer, BatchSink sink,
              std::string start_token, uint64_t next_sequence, std::vector<BatchManifest> replay,
              Clock clock = {});

  core::Status OnEvent(const StreamTarget& target, const ChangeEvent& event) override;
  core::Status OnQuiet(const StreamTarget& target, BsonView token) override;

  // Cuts the open batch, if any (shutdown). Returns false if the sink refused it.
  bool Flush();

  size_t open_events() const { return open_ ? open_->size() : 0; }
  size_t replay_remaining() const { return replay_.size(); }
  // Replayed batches whose events did not match their manifest (see docs: a pipeline filter
  // changed between runs); such a batch is cut at its manifest's count instead.
  uint64_t replay_mismatches() const { return replay_mismatches_; }

 private:
  bool Cut();
  // Whether the batch being opened replays the front pending manifest.
  bool ReplaysFrontManifest() const;
  std::chrono::steady_clock::time_point Now() const;

  const std::string stream_;
  const CutterOptions options_;
  Checkpointer* checkpointer_;
  BatchSink sink_;
  Clock clock_;
  // Token of the last event received (or the start token): the next batch's start_after. A
  // quiet postBatchResumeToken never replaces it, so batch boundaries are always event tokens.
  std::string last_event_token_;
  std::string quiet_token_;  // reused buffer for the checkpointer
  uint64_t next_sequence_;
  bool first_batch_ = true;  // no batch cut yet in this run
  bool replaying_ = false;   // the open batch replays replay_.front()
  std::deque<BatchManifest> replay_;
  uint64_t replay_mismatches_ = 0;
  std::unique_ptr<EventBatch> open_;
  bool sink_closed_ = false;
};

}  // namespace cdc
