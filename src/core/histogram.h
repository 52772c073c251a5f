// Histogram: counts observations into buckets with fixed upper bounds (Prometheus "histogram").
//
// A value v lands in the first bucket whose upper bound is >= v (Prometheus "le" semantics);
// values above the last bound, and NaN, land in the implicit +Inf bucket. Observe() is a binary
// search plus relaxed atomic adds. Thread-safe. The count exposed is the sum of the buckets, so
// _count always equals the +Inf bucket even while observations race with a scrape.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace core {

// Prometheus' default buckets, for durations in seconds: .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10.
std::vector<double> DefaultSecondsBuckets();

// count bounds: start, start*factor, start*factor^2, ... (start > 0, factor > 1, count >= 1;
// otherwise a programming error: aborts).
std::vector<double> ExponentialBuckets(double start, double factor, size_t count);

// count bounds: start, start+width, ... (width > 0, count >= 1; otherwise aborts).
std::vector<double> LinearBuckets(double start, double width, size_t count);

// What a scrape reads from one histogram.
struct HistogramSnapshot {
  std::vector<uint64_t> cumulative_counts;  // one per bound, then +Inf (== count)
  double sum = 0;
  uint64_t count = 0;
};

class Histogram {
 public:
  // upper_bounds must be finite and strictly increasing (checked by the registry); +Inf is
  // implicit and must not be listed.
  explicit Histogram(std::vector<double> upper_bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void Observe(double v);

  const std::vector<double>& upper_bounds() const { return bounds_; }
  HistogramSnapshot Snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 (the last is +Inf)
  std::atomic<double> sum_{0};
};

}  // namespace core
