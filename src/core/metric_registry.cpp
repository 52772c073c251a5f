#include "core/metric_registry.h"

#include <cmath>
#include <set>

#include "core/metric_names.h"

namespace core {
namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

std::string JoinLabels(const std::vector<std::string>& labels) {
  std::string out = "{";
  for (const std::string& l : labels) {
    if (out.size() > 1) out += ", ";
    out += l;
  }
  out.push_back('}');
  return out;
}

void ValidateNames(std::string_view name, const std::vector<std::string>& label_names,
                   bool histogram) {
  if (!IsValidMetricName(name)) {
    MetricMisuse("invalid metric name " + Quoted(name) + ": expected [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
  std::set<std::string_view> seen;
  for (const std::string& label : label_names) {
    if (!IsValidLabelName(label)) {
      MetricMisuse(std::string(name) + ": invalid label name " + Quoted(label) +
                   ": expected [a-zA-Z_][a-zA-Z0-9_]* not starting with \"__\"");
    }
    if (histogram && label == "le") {
      MetricMisuse(std::string(name) + ": label name \"le\" is reserved for histogram buckets");
    }
    if (!seen.insert(label).second) {
      MetricMisuse(std::string(name) + ": duplicate label name " + Quoted(label));
    }
  }
}

void ValidateBounds(std::string_view name, const std::vector<double>& bounds) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) {
      MetricMisuse(std::string(name) +
                   ": histogram bounds must be finite (+Inf is implicit), got " +
                   std::to_string(bounds[i]));
    }
    if (i > 0 && !(bounds[i - 1] < bounds[i])) {
      MetricMisuse(std::string(name) + ": histogram bounds must be strictly increasing, got " +
                   std::to_string(bounds[i - 1]) + " then " + std::to_string(bounds[i]));
    }
  }
}

}  // namespace

MetricRegistry::MetricRegistry() = default;
MetricRegistry::~MetricRegistry() = default;

template <typename T>
T* MetricRegistry::Existing(std::string_view name, std::string_view kind,
                            const std::vector<std::string>& label_names,
                            const std::vector<double>& upper_bounds) {
  auto it = families_.find(name);
  if (it == families_.end()) return nullptr;
  MetricFamilyBase& family = *it->second;
  if (family.kind() != kind) {
    MetricMisuse(std::string(name) + ": already registered as a " + std::string(family.kind()) +
                 ", cannot register it as a " + std::string(kind));
  }
  if (family.label_names() != label_names) {
    MetricMisuse(std::string(name) + ": already registered with labels " +
                 JoinLabels(family.label_names()) + ", cannot register it with labels " +
                 JoinLabels(label_names));
  }
  if (family.upper_bounds() != upper_bounds) {
    MetricMisuse(std::string(name) + ": already registered with different histogram bounds");
  }
  return static_cast<T*>(&family);
}

template <typename T>
T& MetricRegistry::Insert(std::unique_ptr<T> family) {
  T& ref = *family;
  std::string key = ref.name();
  families_.emplace(std::move(key), std::move(family));
  return ref;
}

CounterFamily& MetricRegistry::Counter(std::string_view name, std::string_view help,
                                       std::vector<std::string> label_names) {
  ValidateNames(name, label_names, false);
  std::lock_guard lock(mu_);
  if (auto* f = Existing<CounterFamily>(name, "counter", label_names, {})) return *f;
  return Insert(std::make_unique<CounterFamily>(
      std::string(name), std::string(help), MetricType::kCounter, "counter", std::move(label_names),
      std::vector<double>{}, [] { return std::make_unique<core::Counter>(); }));
}

GaugeFamily& MetricRegistry::Gauge(std::string_view name, std::string_view help,
                                   std::vector<std::string> label_names) {
  ValidateNames(name, label_names, false);
  std::lock_guard lock(mu_);
  if (auto* f = Existing<GaugeFamily>(name, "gauge", label_names, {})) return *f;
  return Insert(std::make_unique<GaugeFamily>(
      std::string(name), std::string(help), MetricType::kGauge, "gauge", std::move(label_names),
      std::vector<double>{}, [] { return std::make_unique<core::Gauge>(); }));
}

CallbackGaugeFamily& MetricRegistry::CallbackGauge(std::string_view name, std::string_view help,
                                                   std::vector<std::string> label_names) {
  ValidateNames(name, label_names, false);
  std::lock_guard lock(mu_);
  if (auto* f = Existing<CallbackGaugeFamily>(name, "callback gauge", label_names, {})) return *f;
  return Insert(std::make_unique<CallbackGaugeFamily>(std::string(name), std::string(help),
                                                      std::move(label_names)));
}

HistogramFamily& MetricRegistry::Histogram(std::string_view name, std::string_view help,
                                           std::vector<std::string> label_names,
                                           std::vector<double> upper_bounds) {
  ValidateNames(name, label_names, true);
  ValidateBounds(name, upper_bounds);
  std::lock_guard lock(mu_);
  if (auto* f = Existing<HistogramFamily>(name, "histogram", label_names, upper_bounds)) return *f;
  std::vector<double> bounds_copy = upper_bounds;
  return Insert(std::make_unique<HistogramFamily>(
      std::string(name), std::string(help), MetricType::kHistogram, "histogram",
      std::move(label_names), std::move(upper_bounds),
      [bounds = std::move(bounds_copy)] { return std::make_unique<core::Histogram>(bounds); }));
}

std::vector<FamilySnapshot> MetricRegistry::Collect() const {
  std::vector<FamilySnapshot> out;
  std::lock_guard lock(mu_);
  out.reserve(families_.size());
  for (const auto& [name, family] : families_) {
    FamilySnapshot s = family->Collect();
    if (!s.samples.empty()) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace core
