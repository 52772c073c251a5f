// MetricRegistry: owns every metric family of a process (or of a test) and snapshots them for
// exposition.
//
//   auto& events = registry.Counter("rigatoni_events_processed_total", "Change events processed",
//                                   {"collection", "operation"});
//   Counter& inserts = events.WithLabels({"users", "insert"});  // cache this
//   inserts.Inc();                                               // hot path: no lock
//
// Registration validates names (metric [a-zA-Z_:][a-zA-Z0-9_:]*, labels [a-zA-Z_][a-zA-Z0-9_]*
// not starting with "__", no duplicate labels, no "le" on histograms, histogram bounds finite and
// strictly increasing); a violation is a programming error and aborts with a message naming the
// metric. Registering a name again with the same kind, labels (and bounds) returns the existing
// family (the first help text wins); any other re-registration aborts.
//
// Families live as long as the registry. Thread-safe. Collect() runs callback gauges under the
// registry's lock: callbacks must not call into the registry.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/callback_gauge.h"
#include "core/histogram.h"
#include "core/metric_family.h"
#include "core/metric_snapshot.h"

namespace core {

class MetricRegistry {
 public:
  MetricRegistry();
  ~MetricRegistry();
  MetricRegistry(const MetricRegistry&) = delete;
  MetricRegistry& operator=(const MetricRegistry&) = delete;

  CounterFamily& Counter(std::string_view name, std::string_view help,
                         std::vector<std::string> label_names = {});
  GaugeFamily& Gauge(std::string_view name, std::string_view help,
                     std::vector<std::string> label_names = {});
  CallbackGaugeFamily& CallbackGauge(std::string_view name, std::string_view help,
                                     std::vector<std::string> label_names = {});
  HistogramFamily& Histogram(std::string_view name, std::string_view help,
                             std::vector<std::string> label_names = {},
                             std::vector<double> upper_bounds = DefaultSecondsBuckets());

  // Every family with at least one child, sorted by name.
  std::vector<FamilySnapshot> Collect() const;

 private:
  // Returns the family registered under `name`, checked to be a T with these labels and bounds,
  // or nullptr if there is none (the caller then creates it). Caller holds mu_.
  template <typename T>
  T* Existing(std::string_view name, std::string_view kind,
              const std::vector<std::string>& label_names, const std::vector<double>& upper_bounds);
  template <typename T>
  T& Insert(std::unique_ptr<T> family);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<MetricFamilyBase>, std::less<>> families_;
};

}  // namespace core
