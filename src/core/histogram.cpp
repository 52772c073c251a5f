#include "core/histogram.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/metric_names.h"

namespace core {

std::vector<double> DefaultSecondsBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> ExponentialBuckets(double start, double factor, size_t count) {
  if (!(start > 0) || !(factor > 1) || count == 0) {
    MetricMisuse("ExponentialBuckets needs start > 0, factor > 1 and count >= 1, got start=" +
                 std::to_string(start) + " factor=" + std::to_string(factor) +
                 " count=" + std::to_string(count));
  }
  std::vector<double> bounds;
  bounds.reserve(count);
  double b = start;
  for (size_t i = 0; i < count; ++i, b *= factor)
    bounds.push_back(b);
  return bounds;
}

std::vector<double> LinearBuckets(double start, double width, size_t count) {
  if (!std::isfinite(start) || !(width > 0) || count == 0) {
    MetricMisuse("LinearBuckets needs a finite start, width > 0 and count >= 1, got start=" +
                 std::to_string(start) + " width=" + std::to_string(width) +
                 " count=" + std::to_string(count));
  }
  std::vector<double> bounds;
  bounds.reserve(count);
  for (size_t i = 0; i < count; ++i)
    bounds.push_back(start + width * static_cast<double>(i));
  return bounds;
}

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double v) {
  size_t i = bounds_.size();  // +Inf, also for NaN
  if (!std::isnan(v)) {
    i = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  }
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

HistogramSnapshot Histogram::Snapshot() const {
  HistogramSnapshot s;
  s.cumulative_counts.resize(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative_counts[i] = running;
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace core
