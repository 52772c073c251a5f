// Counter: a monotonically increasing value (Prometheus type "counter").
//
// Increments are wait-free relaxed atomic adds into one of kCounterCells cache-line-sized cells,
// chosen by a per-thread slot, so threads incrementing the same counter rarely share a cache line.
// Value() sums the cells (at scrape time); it sees every increment that happened-before the call.
// Thread-safe. Not copyable: families hand out stable references.
#pragma once

#include <array>
#include <atomic>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>

#include "core/metric_names.h"

namespace core {

inline constexpr size_t kCounterCells = 8;

namespace metrics_internal {

// This thread's cell index in [0, kCounterCells): assigned round-robin on first use, so the
// first kCounterCells threads that touch any counter each get a cell of their own.
size_t AssignThreadCell();
inline size_t ThisThreadCell() {
  constinit thread_local size_t cell = kCounterCells;  // kCounterCells = not assigned yet
  if (cell == kCounterCells) [[unlikely]]
    cell = AssignThreadCell();
  return cell;
}

}  // namespace metrics_internal

class Counter {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void Inc() { IncWhole(1); }

  // Adds n; a negative n is a programming error (aborts).
  template <std::integral T>
  void Inc(T n) {
    if constexpr (std::is_signed_v<T>) {
      if (n < 0) [[unlikely]]
        MetricMisuse("Counter::Inc with a negative increment");
    }
    IncWhole(static_cast<uint64_t>(n));
  }

  // Adds v; a negative or NaN v is a programming error (aborts). Slower than the integral form
  // (a compare-exchange loop); prefer integers on hot paths.
  void Inc(double v) {
    if (!(v >= 0)) [[unlikely]]
      MetricMisuse("Counter::Inc with a negative or NaN increment");
    cells_[metrics_internal::ThisThreadCell()].fraction.fetch_add(v, std::memory_order_relaxed);
  }

  double Value() const {
    uint64_t whole = 0;
    double fraction = 0;
    for (const Cell& c : cells_) {
      whole += c.whole.load(std::memory_order_relaxed);
      fraction += c.fraction.load(std::memory_order_relaxed);
    }
    return static_cast<double>(whole) + fraction;
  }

 private:
  void IncWhole(uint64_t n) {
    cells_[metrics_internal::ThisThreadCell()].whole.fetch_add(n, std::memory_order_relaxed);
  }

  struct alignas(64) Cell {
    std::atomic<uint64_t> whole{0};
    std::atomic<double> fraction{0};
  };
  std::array<Cell, kCounterCells> cells_;
};

}  // namespace core
