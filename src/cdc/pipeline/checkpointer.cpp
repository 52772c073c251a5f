#include "cdc/pipeline/checkpointer.h"

#include <utility>

namespace cdc {

Checkpointer::Checkpointer(StateStore* store, std::string stream, uint64_t last_sequence,
                           std::chrono::milliseconds heartbeat, Clock clock)
    : store_(store),
      stream_(std::move(stream)),
      heartbeat_(heartbeat),
      clock_(std::move(clock)),
      saved_sequence_(last_sequence),
      durable_sequence_(last_sequence) {}

int64_t Checkpointer::Now() const {
  if (clock_) return clock_();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Checkpointer::OnCut(uint64_t sequence, const std::string& last_token) {
  std::lock_guard lock(mu_);
  pending_[sequence] = Pending{last_token, false};
  quiet_token_.clear();  // a quiet token seen before this batch is behind it now
}

core::Status Checkpointer::OnDurable(uint64_t sequence) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(sequence);
  if (it == pending_.end()) {
    return core::Internal("checkpointer " + stream_ + ": batch " + std::to_string(sequence) +
                          " made durable but never cut");
  }
  it->second.durable = true;
  // Extend the contiguous durable prefix.
  while (!pending_.empty() && pending_.begin()->first == durable_sequence_ + 1 &&
         pending_.begin()->second.durable) {
    durable_sequence_ = pending_.begin()->first;
    durable_token_ = std::move(pending_.begin()->second.last_token);
    pending_.erase(pending_.begin());
  }
  return AdvanceLocked(/*allow_quiet=*/false);
}

core::Status Checkpointer::OnQuiet(const std::string& token) {
  std::lock_guard lock(mu_);
  if (!pending_.empty() || token.empty()) return core::Status::Ok();
  quiet_token_ = token;
  if (Now() - last_saved_ms_ < heartbeat_.count()) return core::Status::Ok();
  return AdvanceLocked(/*allow_quiet=*/true);
}

core::Status Checkpointer::Flush() {
  std::lock_guard lock(mu_);
  return AdvanceLocked(/*allow_quiet=*/true);
}

core::Status Checkpointer::AdvanceLocked(bool allow_quiet) {
  StreamCheckpoint cp;
  cp.sequence = durable_sequence_;
  if (allow_quiet && pending_.empty() && !quiet_token_.empty()) {
    cp.token = quiet_token_;
  } else if (durable_sequence_ > saved_sequence_) {
    cp.token = durable_token_;
  } else {
    return core::Status::Ok();  // nothing new
  }
  if (cp.token == saved_token_ && cp.sequence == saved_sequence_) return core::Status::Ok();
  cp.updated_at_ms = Now();
  CORE_RETURN_IF_ERROR(store_->SaveCheckpoint(stream_, cp));
  saved_sequence_ = cp.sequence;
  saved_token_ = std::move(cp.token);
  last_saved_ms_ = cp.updated_at_ms;
  return core::Status::Ok();
}

uint64_t Checkpointer::in_flight() const {
  std::lock_guard lock(mu_);
  return pending_.size();
}

uint64_t Checkpointer::checkpointed_sequence() const {
  std::lock_guard lock(mu_);
  return saved_sequence_;
}

int64_t Checkpointer::last_saved_ms() const {
  std::lock_guard lock(mu_);
  return last_saved_ms_;
}

}  // namespace cdc
