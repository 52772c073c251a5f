#include "core/callback_gauge.h"

#include <utility>

namespace core {

CallbackGaugeBinding::CallbackGaugeBinding(CallbackGaugeBinding&& other) noexcept
    : family_(std::exchange(other.family_, nullptr)), id_(std::exchange(other.id_, 0)) {}

CallbackGaugeBinding& CallbackGaugeBinding::operator=(CallbackGaugeBinding&& other) noexcept {
  if (this != &other) {
    Reset();
    family_ = std::exchange(other.family_, nullptr);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void CallbackGaugeBinding::Reset() {
  if (family_ != nullptr) family_->Unbind(id_);
  family_ = nullptr;
  id_ = 0;
}

CallbackGaugeFamily::CallbackGaugeFamily(std::string name, std::string help,
                                         std::vector<std::string> label_names)
    : MetricFamilyBase(std::move(name), std::move(help), MetricType::kGauge,
                       std::move(label_names)) {}

CallbackGaugeBinding CallbackGaugeFamily::Bind(std::initializer_list<std::string_view> values,
                                               std::function<double()> callback) {
  CheckLabelCount(values.size());
  return BindValues(std::vector<std::string>(values.begin(), values.end()), std::move(callback));
}

CallbackGaugeBinding CallbackGaugeFamily::Bind(std::span<const std::string> values,
                                               std::function<double()> callback) {
  CheckLabelCount(values.size());
  return BindValues(std::vector<std::string>(values.begin(), values.end()), std::move(callback));
}

CallbackGaugeBinding CallbackGaugeFamily::BindValues(std::vector<std::string> values,
                                                     std::function<double()> fn) {
  std::lock_guard lock(mu_);
  uint64_t id = next_id_++;
  entries_.insert_or_assign(std::move(values), Entry{id, std::move(fn)});
  return CallbackGaugeBinding(this, id);
}

void CallbackGaugeFamily::Unbind(uint64_t id) {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.id == id) {
      entries_.erase(it);
      return;
    }
  }
}

FamilySnapshot CallbackGaugeFamily::Collect() const {
  FamilySnapshot out = EmptySnapshot();
  std::lock_guard lock(mu_);
  out.samples.reserve(entries_.size());
  for (const auto& [values, entry] : entries_) {
    MetricSample& s = out.samples.emplace_back();
    s.label_values = values;
    s.value = entry.callback();
  }
  return out;
}

}  // namespace core
