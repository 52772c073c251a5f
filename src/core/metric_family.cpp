#include "core/metric_family.h"

#include "core/metric_names.h"

namespace core {

std::string_view MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

MetricFamilyBase::MetricFamilyBase(std::string name, std::string help, MetricType type,
                                   std::vector<std::string> label_names,
                                   std::vector<double> upper_bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)),
      upper_bounds_(std::move(upper_bounds)) {}

void MetricFamilyBase::CheckLabelCount(size_t count) const {
  if (count == label_names_.size()) return;
  std::string names;
  for (const std::string& n : label_names_) {
    if (!names.empty()) names += ", ";
    names += n;
  }
  MetricMisuse(name_ + ": " + std::to_string(count) + " label values given, expected " +
               std::to_string(label_names_.size()) + " (" + names + ")");
}

FamilySnapshot MetricFamilyBase::EmptySnapshot() const {
  FamilySnapshot s;
  s.name = name_;
  s.help = help_;
  s.type = type_;
  s.label_names = label_names_;
  s.upper_bounds = upper_bounds_;
  return s;
}

}  // namespace core
