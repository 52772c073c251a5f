#include "cdc/pipeline/batch_cutter.h"

#include <utility>

namespace cdc {

BatchCutter::BatchCutter(std::string stream, CutterOptions options, Checkpointer* checkpointer,
                         BatchSink sink, std::string start_token, uint64_t next_sequence,
                         std::vector<BatchManifest> replay, Clock clock)
    : stream_(std::move(stream)),
      options_(options),
      checkpointer_(checkpointer),
      sink_(std::move(sink)),
      clock_(std::move(clock)),
      last_event_token_(std::move(start_token)),
      next_sequence_(next_sequence),
      replay_(replay.begin(), replay.end()) {}

bool BatchCutter::ReplaysFrontManifest() const {
  if (replay_.empty()) return false;
  const BatchManifest& m = replay_.front();
  return m.start_after == last_event_token_ || (first_batch_ && m.sequence == next_sequence_);
}

std::chrono::steady_clock::time_point BatchCutter::Now() const {
  return clock_ ? clock_() : std::chrono::steady_clock::now();
}

core::Status BatchCutter::OnEvent(const StreamTarget& /*target*/, const ChangeEvent& event) {
  if (sink_closed_) return core::Cancelled("pipeline is shutting down");
  const auto now = Now();
  if (!open_) {
    open_ = std::make_unique<EventBatch>();
    open_->stream = stream_;
    open_->start_after = last_event_token_;
    open_->opened_at = now;
    replaying_ = ReplaysFrontManifest();
    if (replaying_) {
      open_->partition_time_s = replay_.front().partition_time_s;
    } else if (options_.partition_by == PartitionBy::kEventTime &&
               event.cluster_time().seconds != 0) {
      open_->partition_time_s = event.cluster_time().seconds;
    } else {
      open_->partition_time_s = std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    }
  }
  if (event.raw().size() > options_.max_event_bytes) {
    open_->dead_letters.emplace_back(static_cast<uint32_t>(open_->size()),
                                     "event of " + std::to_string(event.raw().size()) +
                                         " bytes exceeds MAX_EVENT_BYTES (" +
                                         std::to_string(options_.max_event_bytes) + ")");
  }
  open_->Append(event.raw());
  last_event_token_.assign(event.resume_token().bytes());
  open_->last_token = last_event_token_;

  bool cut = false;
  if (replaying_) {
    const BatchManifest& m = replay_.front();
    if (m.last_token == last_event_token_) {
      cut = true;
    } else if (open_->size() >= m.event_count) {
      ++replay_mismatches_;
      cut = true;
    }
  } else {
    cut = open_->size() >= options_.batch_size || open_->bytes() >= options_.max_batch_bytes ||
          now - open_->opened_at >= options_.batch_timeout ||
          // A pending manifest starts right after this event: line up with it.
          (!replay_.empty() && replay_.front().start_after == last_event_token_);
  }
  if (cut && !Cut()) return core::Cancelled("pipeline is shutting down");
  return core::Status::Ok();
}

core::Status BatchCutter::OnQuiet(const StreamTarget& /*target*/, BsonView token) {
  if (sink_closed_) return core::Cancelled("pipeline is shutting down");
  if (open_ && !replaying_ && Now() - open_->opened_at >= options_.batch_timeout) {
    if (!Cut()) return core::Cancelled("pipeline is shutting down");
  }
  if (open_) return core::Status::Ok();  // events held: the quiet token is past them
  if (token) {
    quiet_token_.assign(token.bytes());
    return checkpointer_->OnQuiet(quiet_token_);
  }
  return core::Status::Ok();
}

bool BatchCutter::Flush() {
  if (!open_ || sink_closed_) return !sink_closed_;
  return Cut();
}

bool BatchCutter::Cut() {
  std::unique_ptr<EventBatch> batch = std::move(open_);
  batch->sequence = next_sequence_++;
  if (replaying_) replay_.pop_front();
  replaying_ = false;
  first_batch_ = false;
  checkpointer_->OnCut(batch->sequence, batch->last_token);
  if (!sink_(std::move(batch))) {
    sink_closed_ = true;
    return false;
  }
  return true;
}

}  // namespace cdc
