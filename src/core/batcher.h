// Batcher<T>: accumulates items and cuts a batch when it reaches a count, a byte size, or an age
// (time since its first item). Time is passed in by the caller (`now`), so tests drive a fake
// clock and the owner decides how to wait (NextDeadline()).
//
// Rules:
//  - A batch is cut as soon as it holds max_items items or at least max_bytes bytes, or when
//    CutIfDue/Add sees that max_age has passed since its first item.
//  - An item that would push a non-empty batch over max_bytes closes that batch first and starts
//    the next one, so batches stay within max_bytes unless a single item is larger than the
//    limit: such an item forms a batch of its own (it is never dropped or split).
//  - A limit of 0 disables it.
//
// Because of the second rule one Add can complete two batches (the previous one and an oversized
// item alone), so Add returns a CutBatches list of up to two, in order.
//
// Not thread-safe: one owner (e.g. the pipeline thread of one namespace) drives it.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace core {

struct BatchLimits {
  size_t max_items = 0;                 // 0: no count limit
  size_t max_bytes = 0;                 // 0: no size limit
  std::chrono::nanoseconds max_age{0};  // 0: no age limit
};

enum class BatchCutReason { kItems, kBytes, kAge, kOversizedItem, kFlush };

template <typename T, typename Clock = std::chrono::steady_clock>
class Batcher {
 public:
  using TimePoint = typename Clock::time_point;

  struct Batch {
    std::vector<T> items;
    size_t bytes = 0;         // sum of the sizes the caller gave for the items
    TimePoint first_added{};  // `now` of the first item's Add
    BatchCutReason reason = BatchCutReason::kFlush;
  };

  // Up to two batches completed by one call, in the order they were cut.
  class CutBatches {
   public:
    bool empty() const { return n_ == 0; }
    size_t size() const { return n_; }
    Batch& operator[](size_t i) { return batches_[i]; }
    Batch* begin() { return batches_.data(); }
    Batch* end() { return batches_.data() + n_; }
    void push_back(Batch&& b) { batches_[n_++] = std::move(b); }

   private:
    std::array<Batch, 2> batches_;
    size_t n_ = 0;
  };

  explicit Batcher(BatchLimits limits) : limits_(limits) {}

  // Adds `item` (of `bytes` bytes, as the caller measures it) at time `now`; returns the batches
  // this completed (often none).
  CutBatches Add(T item, size_t bytes, TimePoint now) {
    CutBatches cut;
    if (!pending_.items.empty()) {
      if (AgeDue(now)) {
        cut.push_back(Take(BatchCutReason::kAge));
      } else if (limits_.max_bytes != 0 && pending_.bytes + bytes > limits_.max_bytes) {
        cut.push_back(Take(BatchCutReason::kBytes));
      }
    }
    if (pending_.items.empty()) pending_.first_added = now;
    pending_.items.push_back(std::move(item));
    pending_.bytes += bytes;
    if (limits_.max_bytes != 0 && pending_.bytes >= limits_.max_bytes) {
      const bool alone = pending_.items.size() == 1 && bytes > limits_.max_bytes;
      cut.push_back(Take(alone ? BatchCutReason::kOversizedItem : BatchCutReason::kBytes));
    } else if (limits_.max_items != 0 && pending_.items.size() >= limits_.max_items) {
      cut.push_back(Take(BatchCutReason::kItems));
    }
    return cut;
  }

  // Cuts the pending batch if its age limit has passed at `now`.
  std::optional<Batch> CutIfDue(TimePoint now) {
    if (pending_.items.empty() || !AgeDue(now)) return std::nullopt;
    return Take(BatchCutReason::kAge);
  }

  // Cuts whatever is pending (e.g. at shutdown); nullopt when empty.
  std::optional<Batch> Flush() {
    if (pending_.items.empty()) return std::nullopt;
    return Take(BatchCutReason::kFlush);
  }

  // When the pending batch becomes due by age; nullopt when empty or no age limit.
  std::optional<TimePoint> NextDeadline() const {
    if (pending_.items.empty() || limits_.max_age.count() == 0) return std::nullopt;
    return pending_.first_added +
           std::chrono::duration_cast<typename Clock::duration>(limits_.max_age);
  }

  size_t pending_items() const { return pending_.items.size(); }
  size_t pending_bytes() const { return pending_.bytes; }
  const BatchLimits& limits() const { return limits_; }

 private:
  bool AgeDue(TimePoint now) const {
    std::optional<TimePoint> d = NextDeadline();
    return d && now >= *d;
  }

  Batch Take(BatchCutReason reason) {
    Batch out = std::move(pending_);
    out.reason = reason;
    pending_ = Batch{};
    // Keep the next batch from regrowing its vector item by item.
    pending_.items.reserve(out.items.size());
    return out;
  }

  BatchLimits limits_;
  Batch pending_;
};

}  // namespace core
