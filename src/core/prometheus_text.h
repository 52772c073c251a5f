// Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/).
//
// Output is deterministic: families in the order given (the registry sorts them by name),
// samples sorted by label values, labels in registration order with "le" last on buckets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/metric_registry.h"
#include "core/metric_snapshot.h"

namespace core {

// The Content-Type of a /metrics response in this format.
inline constexpr std::string_view kPrometheusTextContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Appends the exposition of `families` to *out.
void AppendPrometheusText(const std::vector<FamilySnapshot>& families, std::string* out);

// The exposition of everything in `registry` (runs callback gauges).
std::string PrometheusText(const MetricRegistry& registry);

// Appends a sample value as Prometheus parses it: "+Inf", "-Inf", "NaN", integers without an
// exponent up to 2^53, otherwise the shortest form that round-trips.
void AppendPrometheusValue(double v, std::string* out);

}  // namespace core
