#include "core/prometheus_text.h"

#include <charconv>
#include <cmath>

namespace core {
namespace {

void AppendEscapedHelp(std::string_view s, std::string* out) {
  for (char c : s) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
}

void AppendEscapedLabelValue(std::string_view s, std::string* out) {
  for (char c : s) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '"') {
      out->append("\\\"");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
}

// Appends `name` + `suffix` + {labels[, le="..."]} + " " + value + "\n".
void AppendSample(const FamilySnapshot& family, const MetricSample& sample, std::string_view suffix,
                  const double* le, double value, std::string* out) {
  out->append(family.name).append(suffix);
  if (!family.label_names.empty() || le != nullptr) {
    out->push_back('{');
    for (size_t i = 0; i < family.label_names.size(); ++i) {
      if (i > 0) out->push_back(',');
      out->append(family.label_names[i]).append("=\"");
      AppendEscapedLabelValue(sample.label_values[i], out);
      out->push_back('"');
    }
    if (le != nullptr) {
      if (!family.label_names.empty()) out->push_back(',');
      out->append("le=\"");
      AppendPrometheusValue(*le, out);
      out->push_back('"');
    }
    out->push_back('}');
  }
  out->push_back(' ');
  AppendPrometheusValue(value, out);
  out->push_back('\n');
}

}  // namespace

void AppendPrometheusValue(double v, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[32];
  std::to_chars_result r;
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (v == std::trunc(v) && std::fabs(v) <= kExactIntegers) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v);
  }
  out->append(buf, r.ptr);
}

void AppendPrometheusText(const std::vector<FamilySnapshot>& families, std::string* out) {
  for (const FamilySnapshot& f : families) {
    out->append("# HELP ").append(f.name).push_back(' ');
    AppendEscapedHelp(f.help, out);
    out->append("\n# TYPE ").append(f.name).push_back(' ');
    out->append(MetricTypeName(f.type)).push_back('\n');
    for (const MetricSample& s : f.samples) {
      if (f.type != MetricType::kHistogram) {
        AppendSample(f, s, "", nullptr, s.value, out);
        continue;
      }
      const HistogramSnapshot& h = s.histogram;
      for (size_t i = 0; i < f.upper_bounds.size(); ++i) {
        AppendSample(f, s, "_bucket", &f.upper_bounds[i],
                     static_cast<double>(h.cumulative_counts[i]), out);
      }
      const double inf = INFINITY;
      AppendSample(f, s, "_bucket", &inf, static_cast<double>(h.count), out);
      AppendSample(f, s, "_sum", nullptr, h.sum, out);
      AppendSample(f, s, "_count", nullptr, static_cast<double>(h.count), out);
    }
  }
}

std::string PrometheusText(const MetricRegistry& registry) {
  std::string out;
  AppendPrometheusText(registry.Collect(), &out);
  return out;
}

}  // namespace core
