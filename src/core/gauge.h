// Gauge: a value that goes up and down (Prometheus type "gauge"). Thread-safe; Set is a relaxed
// store, Add/Sub a relaxed atomic add (compare-exchange on double).
#pragma once

#include <atomic>

namespace core {

class Gauge {
 public:
  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  void Sub(double v) { value_.fetch_sub(v, std::memory_order_relaxed); }
  void Inc() { Add(1); }
  void Dec() { Sub(1); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace core
