// Validation of Prometheus metric and label names, and the one way metric misuse ends.
//
// Registering a metric with a bad name, or asking a family for the wrong number of label values,
// is a programming error: it is reported on stderr, naming the metric, and the process aborts
// (in release builds too), so the mistake is found by the first test that touches the metric.
#pragma once

#include <string_view>

namespace core {

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(std::string_view name);

// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved by Prometheus).
bool IsValidLabelName(std::string_view name);

// Writes "metrics: <message>" to stderr and aborts.
[[noreturn]] void MetricMisuse(std::string_view message);

}  // namespace core
