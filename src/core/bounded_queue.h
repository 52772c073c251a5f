// BoundedQueue<T>: a bounded multi-producer multi-consumer queue that hands items between threads
// with backpressure.
//
// The ring is lock-free (Dmitry Vyukov's bounded MPMC design: each slot carries a sequence number
// that says whether it is free for the producer of lap N or holds the item for the consumer of
// lap N). Producers and consumers only touch the shared positions with one CAS each; nobody takes
// a lock. Threads block (futex) only when the queue is full (producers) or empty (consumers), and
// the other side issues a wake-up syscall only when it sees a registered waiter.
//
// Capacity is rounded up to a power of two (at least 2); capacity() reports the rounded value.
//
// Close(): from then on every push fails (returns false); consumers still receive every item
// pushed before Close(), then Pop returns nullopt and PopBatch returns 0. Close is linearizable:
// a push either completed before it (and will be delivered) or fails.
//
// T must be nothrow move-constructible (move-only types are fine). Push(T&&) moves from the item
// only when it succeeds, so a caller may keep an item that could not be queued.
//
// Thread-safety: every member may be called concurrently, except the destructor, which destroys
// any items still queued.
#pragma once

#include <atomic>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/futex.h"

namespace core {

template <typename T>
class BoundedQueue {
  static_assert(std::is_nothrow_move_constructible_v<T>,
                "BoundedQueue<T> needs a nothrow move constructor");

 public:
  explicit BoundedQueue(size_t capacity)
      : mask_(std::bit_ceil(capacity < 2 ? size_t{2} : capacity) - 1), slots_(new Slot[mask_ + 1]) {
    for (uint64_t i = 0; i <= mask_; ++i)
      slots_[i].seq.store(i, std::memory_order_relaxed);
  }
  ~BoundedQueue() {
    while (TryPop()) {
    }
  }
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Non-blocking: false when the queue is full or closed (the item is then left untouched).
  bool TryPush(T&& item) { return TryPushImpl(item) == PushResult::kOk; }
  bool TryPush(const T& item) { return TryPush(T(item)); }

  // Blocks while the queue is full. False only when the queue is (or becomes) closed.
  bool Push(T&& item) { return PushUntil(item, kNoDeadline); }
  bool Push(const T& item) { return Push(T(item)); }

  // Blocks at most `timeout` while the queue is full. False on timeout or when closed.
  template <typename Rep, typename Period>
  bool PushFor(T&& item, std::chrono::duration<Rep, Period> timeout) {
    return PushUntil(item, Clock::now() + std::chrono::ceil<Clock::duration>(timeout));
  }

  // Non-blocking: nullopt when nothing is ready.
  std::optional<T> TryPop() {
    std::optional<T> out;
    TryPopImpl(out);
    return out;
  }

  // Blocks until an item is available; nullopt once the queue is closed and drained.
  std::optional<T> Pop() { return PopUntil(kNoDeadline); }

  // Blocks at most `timeout`; nullopt on timeout or once closed and drained.
  template <typename Rep, typename Period>
  std::optional<T> PopFor(std::chrono::duration<Rep, Period> timeout) {
    return PopUntil(Clock::now() + std::chrono::ceil<Clock::duration>(timeout));
  }

  // Blocks until at least one item is available, then appends up to `max` ready items to `out`
  // (one CAS for the whole run). Returns how many were appended: 0 only once the queue is closed
  // and drained (or max == 0).
  size_t PopBatch(std::vector<T>& out, size_t max) {
    if (max == 0) return 0;
    size_t n = 0;
    Await(
        not_empty_, pop_waiters_, kNoDeadline, [&] { return (n = TryPopBatch(out, max)) > 0; },
        [&] { return ClosedAndDrained(); });
    return n;
  }

  // Non-blocking PopBatch: appends up to `max` ready items; returns how many.
  size_t TryPopBatch(std::vector<T>& out, size_t max) {
    if (max > mask_ + 1) max = mask_ + 1;
    if (max == 0) return 0;
    out.reserve(out.size() + max);  // no allocation (and no throw) after the claim below
    uint64_t pos = dequeue_pos_.load(std::memory_order_relaxed);
    for (;;) {
      size_t n = 0;
      while (n < max && SlotAt(pos + n).seq.load(std::memory_order_acquire) == pos + n + 1)
        ++n;
      if (n == 0) {
        const uint64_t seq = SlotAt(pos).seq.load(std::memory_order_acquire);
        if (static_cast<int64_t>(seq - (pos + 1)) < 0) return 0;  // empty
        pos = dequeue_pos_.load(std::memory_order_relaxed);       // another consumer won
        continue;
      }
      if (dequeue_pos_.compare_exchange_weak(pos, pos + n, std::memory_order_relaxed)) {
        for (size_t i = 0; i < n; ++i) {
          Slot& s = SlotAt(pos + i);
          T* p = s.item();
          out.push_back(std::move(*p));
          p->~T();
          s.seq.store(pos + i + mask_ + 1, std::memory_order_release);
        }
        WakeIfWaiting(not_full_, push_waiters_);
        return n;
      }
    }
  }

  // Fails all later pushes and wakes every blocked thread. Idempotent.
  void Close() {
    enqueue_pos_.fetch_or(kClosedBit, std::memory_order_acq_rel);
    for (auto* epoch : {&not_full_, &not_empty_}) {
      epoch->fetch_add(1, std::memory_order_release);
      FutexWakeAll(*epoch);
    }
  }

  bool closed() const { return enqueue_pos_.load(std::memory_order_acquire) & kClosedBit; }

  // Items queued now (a snapshot; exact only when no one is pushing or popping).
  size_t size() const {
    const uint64_t tail = dequeue_pos_.load(std::memory_order_acquire);
    const uint64_t head = enqueue_pos_.load(std::memory_order_acquire) & ~kClosedBit;
    if (head <= tail) return 0;
    return static_cast<size_t>(std::min<uint64_t>(head - tail, mask_ + 1));
  }
  size_t capacity() const { return mask_ + 1; }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr Clock::time_point kNoDeadline = Clock::time_point::max();
  static constexpr uint64_t kClosedBit = uint64_t{1} << 63;
  enum class PushResult { kOk, kFull, kClosed };

  struct Slot {
    std::atomic<uint64_t> seq;
    alignas(T) std::byte storage[sizeof(T)];
    T* item() { return std::launder(reinterpret_cast<T*>(storage)); }
  };

  Slot& SlotAt(uint64_t pos) { return slots_[pos & mask_]; }

  // Moves from `item` only on kOk.
  PushResult TryPushImpl(T& item) {
    uint64_t pos = enqueue_pos_.load(std::memory_order_relaxed);
    for (;;) {
      if (pos & kClosedBit) return PushResult::kClosed;
      Slot& s = SlotAt(pos);
      const uint64_t seq = s.seq.load(std::memory_order_acquire);
      const auto diff = static_cast<int64_t>(seq - pos);
      if (diff == 0) {
        // Fails (and reloads pos) if another producer claimed pos or Close() set the bit.
        if (enqueue_pos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          ::new (static_cast<void*>(s.storage)) T(std::move(item));
          s.seq.store(pos + 1, std::memory_order_release);
          WakeIfWaiting(not_empty_, pop_waiters_);
          return PushResult::kOk;
        }
      } else if (diff < 0) {
        return PushResult::kFull;
      } else {
        pos = enqueue_pos_.load(std::memory_order_relaxed);
      }
    }
  }

  bool TryPopImpl(std::optional<T>& out) {
    uint64_t pos = dequeue_pos_.load(std::memory_order_relaxed);
    for (;;) {
      Slot& s = SlotAt(pos);
      const uint64_t seq = s.seq.load(std::memory_order_acquire);
      const auto diff = static_cast<int64_t>(seq - (pos + 1));
      if (diff == 0) {
        if (dequeue_pos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          T* p = s.item();
          out.emplace(std::move(*p));
          p->~T();
          s.seq.store(pos + mask_ + 1, std::memory_order_release);
          WakeIfWaiting(not_full_, push_waiters_);
          return true;
        }
      } else if (diff < 0) {
        return false;
      } else {
        pos = dequeue_pos_.load(std::memory_order_relaxed);
      }
    }
  }

  // True once closed and every claimed position has been consumed.
  bool ClosedAndDrained() const {
    const uint64_t head = enqueue_pos_.load(std::memory_order_acquire);
    return (head & kClosedBit) &&
           (head & ~kClosedBit) <= dequeue_pos_.load(std::memory_order_acquire);
  }

  // The side that made progress: publish, then wake the other side only if someone waits. The
  // fence pairs with the one in Await (store-load ordering: either the waiter sees our progress
  // in its re-check, or we see its registration).
  static void WakeIfWaiting(std::atomic<uint32_t>& epoch, std::atomic<uint32_t>& waiters) {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (waiters.load(std::memory_order_relaxed) != 0) {
      epoch.fetch_add(1, std::memory_order_release);
      FutexWakeAll(epoch);
    }
  }

  // Runs try_op until it succeeds (true), stop() says give up, or the deadline passes (false).
  template <typename TryOp, typename Stop>
  static bool Await(std::atomic<uint32_t>& epoch, std::atomic<uint32_t>& waiters,
                    Clock::time_point deadline, TryOp try_op, Stop stop) {
    for (;;) {
      if (try_op()) return true;
      if (stop()) return false;
      const uint32_t seen = epoch.load(std::memory_order_acquire);
      waiters.fetch_add(1, std::memory_order_seq_cst);
      std::atomic_thread_fence(std::memory_order_seq_cst);
      if (try_op()) {
        waiters.fetch_sub(1, std::memory_order_relaxed);
        return true;
      }
      if (stop()) {
        waiters.fetch_sub(1, std::memory_order_relaxed);
        return false;
      }
      bool timed_out = false;
      if (deadline == kNoDeadline) {
        FutexWait(epoch, seen);
      } else {
        const auto left = deadline - Clock::now();
        timed_out = left <= Clock::duration::zero() || !FutexWait(epoch, seen, left);
      }
      waiters.fetch_sub(1, std::memory_order_relaxed);
      if (timed_out) return try_op();
    }
  }

  bool PushUntil(T& item, Clock::time_point deadline) {
    PushResult r = PushResult::kFull;
    Await(
        not_full_, push_waiters_, deadline,
        [&] { return (r = TryPushImpl(item)) != PushResult::kFull; }, [&] { return closed(); });
    return r == PushResult::kOk;
  }

  std::optional<T> PopUntil(Clock::time_point deadline) {
    std::optional<T> out;
    Await(
        not_empty_, pop_waiters_, deadline, [&] { return TryPopImpl(out); },
        [&] { return ClosedAndDrained(); });
    return out;
  }

  const uint64_t mask_;
  const std::unique_ptr<Slot[]> slots_;
  // Next position to fill; bit 63 is the closed flag (so Close() and claims are one atomic word).
  alignas(64) std::atomic<uint64_t> enqueue_pos_{0};
  alignas(64) std::atomic<uint64_t> dequeue_pos_{0};
  // Futex words bumped when progress is made on the other side, and how many threads wait on each.
  alignas(64) std::atomic<uint32_t> not_full_{0};
  std::atomic<uint32_t> push_waiters_{0};
  alignas(64) std::atomic<uint32_t> not_empty_{0};
  std::atomic<uint32_t> pop_waiters_{0};
};

}  // namespace core
