#include "core/counter.h"

namespace core::metrics_internal {

size_t AssignThreadCell() {
  static std::atomic<size_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed) % kCounterCells;
}

}  // namespace core::metrics_internal
