// Callback gauges: gauges whose value is computed at scrape time by a callable (a queue's size,
// the number of open connections), so the hot path pays nothing.
//
// Bind() attaches a callback to one list of label values and returns a binding; destroying (or
// Reset()ting) the binding detaches it, and once that returns the callback is never called again.
// So a component binds a callback that captures `this` and keeps the binding as a member. Binding
// the same label values again replaces the previous callback (the old binding becomes inert).
//
// Callbacks run on the scraping thread, under the family's lock: they must be quick and must not
// call into the metric registry. A binding must not outlive its registry. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/metric_family.h"

namespace core {

class CallbackGaugeFamily;

class [[nodiscard]] CallbackGaugeBinding {
 public:
  CallbackGaugeBinding() = default;
  ~CallbackGaugeBinding() { Reset(); }
  CallbackGaugeBinding(CallbackGaugeBinding&& other) noexcept;
  CallbackGaugeBinding& operator=(CallbackGaugeBinding&& other) noexcept;

  // Detaches the callback (idempotent).
  void Reset();

 private:
  friend class CallbackGaugeFamily;
  CallbackGaugeBinding(CallbackGaugeFamily* family, uint64_t id) : family_(family), id_(id) {}

  CallbackGaugeFamily* family_ = nullptr;
  uint64_t id_ = 0;
};

class CallbackGaugeFamily final : public MetricFamilyBase {
 public:
  CallbackGaugeFamily(std::string name, std::string help, std::vector<std::string> label_names);

  CallbackGaugeBinding Bind(std::initializer_list<std::string_view> label_values,
                            std::function<double()> callback);
  CallbackGaugeBinding Bind(std::span<const std::string> label_values,
                            std::function<double()> callback);

  std::string_view kind() const override { return "callback gauge"; }
  FamilySnapshot Collect() const override;

 private:
  friend class CallbackGaugeBinding;
  CallbackGaugeBinding BindValues(std::vector<std::string> values, std::function<double()> fn);
  void Unbind(uint64_t id);

  struct Entry {
    uint64_t id;
    std::function<double()> callback;
  };
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, Entry> entries_;
  uint64_t next_id_ = 1;
};

}  // namespace core
