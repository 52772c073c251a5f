// Metric families: one metric name with a fixed list of label names, and one child metric per
// distinct list of label values.
//
// WithLabels() returns a reference that stays valid for the registry's lifetime: look it up once
// (it takes a lock and may allocate), cache it, and increment the cached reference on hot paths
// (no lock). A family with no labels has exactly one child, created at registration and
// returned by Get(). Passing the wrong number of label values is a programming error (aborts,
// naming the metric). Thread-safe.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/counter.h"
#include "core/gauge.h"
#include "core/histogram.h"
#include "core/metric_snapshot.h"

namespace core {

class MetricFamilyBase {
 public:
  MetricFamilyBase(std::string name, std::string help, MetricType type,
                   std::vector<std::string> label_names, std::vector<double> upper_bounds = {});
  virtual ~MetricFamilyBase() = default;
  MetricFamilyBase(const MetricFamilyBase&) = delete;
  MetricFamilyBase& operator=(const MetricFamilyBase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  MetricType type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  const std::vector<double>& upper_bounds() const { return upper_bounds_; }

  // What kind of family this is, for error messages: "counter", "gauge", "histogram",
  // "callback gauge".
  virtual std::string_view kind() const = 0;

  // Fills a snapshot of the family's current values (samples sorted by label values).
  virtual FamilySnapshot Collect() const = 0;

 protected:
  // Aborts with a message naming the metric unless `count` equals the number of label names.
  void CheckLabelCount(size_t count) const;
  FamilySnapshot EmptySnapshot() const;

 private:
  std::string name_;
  std::string help_;
  MetricType type_;
  std::vector<std::string> label_names_;
  std::vector<double> upper_bounds_;
};

namespace metrics_internal {
inline void Read(const Counter& c, MetricSample* s) {
  s->value = c.Value();
}
inline void Read(const Gauge& g, MetricSample* s) {
  s->value = g.Value();
}
inline void Read(const Histogram& h, MetricSample* s) {
  s->histogram = h.Snapshot();
}
}  // namespace metrics_internal

template <typename M>
class MetricFamily final : public MetricFamilyBase {
 public:
  using Factory = std::function<std::unique_ptr<M>()>;

  MetricFamily(std::string name, std::string help, MetricType type, std::string_view kind,
               std::vector<std::string> label_names, std::vector<double> upper_bounds, Factory make)
      : MetricFamilyBase(std::move(name), std::move(help), type, std::move(label_names),
                         std::move(upper_bounds)),
        kind_(kind),
        make_(std::move(make)) {
    if (this->label_names().empty()) metrics_.emplace(std::vector<std::string>{}, make_());
  }

  // The child for these label values (in label-name order), created on first use.
  M& WithLabels(std::initializer_list<std::string_view> values) {
    CheckLabelCount(values.size());
    return Child(std::vector<std::string>(values.begin(), values.end()));
  }
  M& WithLabels(std::span<const std::string> values) {
    CheckLabelCount(values.size());
    return Child(std::vector<std::string>(values.begin(), values.end()));
  }

  // The only child of a family without labels (aborts if the family has labels).
  M& Get() { return WithLabels({}); }

  std::string_view kind() const override { return kind_; }

  FamilySnapshot Collect() const override {
    FamilySnapshot out = EmptySnapshot();
    std::lock_guard lock(mu_);
    out.samples.reserve(metrics_.size());
    for (const auto& [values, metric] : metrics_) {
      MetricSample& s = out.samples.emplace_back();
      s.label_values = values;
      metrics_internal::Read(*metric, &s);
    }
    return out;
  }

 private:
  M& Child(std::vector<std::string> values) {
    std::lock_guard lock(mu_);
    auto it = metrics_.find(values);
    if (it == metrics_.end()) it = metrics_.emplace(std::move(values), make_()).first;
    return *it->second;
  }

  std::string_view kind_;
  Factory make_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<M>> metrics_;  // children never move
};

using CounterFamily = MetricFamily<Counter>;
using GaugeFamily = MetricFamily<Gauge>;
using HistogramFamily = MetricFamily<Histogram>;

}  // namespace core
