// A point-in-time copy of a registry's values, produced by MetricRegistry::Collect() at scrape
// time and rendered by the Prometheus text writer. Plain values: no references into the registry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/histogram.h"

namespace core {

enum class MetricType { kCounter, kGauge, kHistogram };

// "counter", "gauge", "histogram": the Prometheus # TYPE keyword.
std::string_view MetricTypeName(MetricType type);

struct MetricSample {
  std::vector<std::string> label_values;  // parallel to FamilySnapshot::label_names
  double value = 0;                       // counters and gauges
  HistogramSnapshot histogram;            // histograms
};

struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::kGauge;
  std::vector<std::string> label_names;
  std::vector<double> upper_bounds;   // histograms only
  std::vector<MetricSample> samples;  // sorted by label values
};

}  // namespace core
