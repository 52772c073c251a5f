#include "core/config_schema.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace core {

OptionSpec& OptionSpec::Env(std::string name, std::vector<std::string> aliases) {
  env = std::move(name);
  env_aliases = std::move(aliases);
  return *this;
}
OptionSpec& OptionSpec::Flag(std::string name) {
  flag = std::move(name);
  return *this;
}
OptionSpec& OptionSpec::String() {
  type = OptionType::kString;
  return *this;
}
OptionSpec& OptionSpec::Int(int64_t min, int64_t max) {
  type = OptionType::kInt;
  int_min = min;
  int_max = max;
  return *this;
}
OptionSpec& OptionSpec::Double(double min, double max) {
  type = OptionType::kDouble;
  double_min = min;
  double_max = max;
  return *this;
}
OptionSpec& OptionSpec::Bool() {
  type = OptionType::kBool;
  return *this;
}
OptionSpec& OptionSpec::DurationMs(int64_t min_ms, int64_t max_ms) {
  type = OptionType::kDuration;
  int_min = min_ms;
  int_max = max_ms;
  duration_in_seconds = false;
  return *this;
}
OptionSpec& OptionSpec::DurationSeconds(int64_t min_ms, int64_t max_ms) {
  DurationMs(min_ms, max_ms);
  duration_in_seconds = true;
  return *this;
}
OptionSpec& OptionSpec::Enum(std::vector<std::string> words) {
  type = OptionType::kEnum;
  allowed = std::move(words);
  return *this;
}
OptionSpec& OptionSpec::List() {
  type = OptionType::kStringList;
  return *this;
}
OptionSpec& OptionSpec::Uri() {
  type = OptionType::kUri;
  return *this;
}
OptionSpec& OptionSpec::Default(std::string text) {
  default_text = std::move(text);
  return *this;
}
OptionSpec& OptionSpec::Required() {
  required = true;
  return *this;
}
OptionSpec& OptionSpec::Secret() {
  secret = true;
  return *this;
}
OptionSpec& OptionSpec::Describe(std::string text) {
  description = std::move(text);
  return *this;
}
OptionSpec& OptionSpec::ValueName(std::string name) {
  value_name = std::move(name);
  return *this;
}
OptionSpec& OptionSpec::Validate(OptionValidator v, std::string expected) {
  validator = std::move(v);
  expected_form = std::move(expected);
  return *this;
}

namespace {

[[noreturn]] void SchemaBug(const std::string& what) {
  std::fprintf(stderr, "config schema bug: %s\n", what.c_str());
  std::abort();
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The candidate closest to `word`, if within a third of its length (at least 2 edits).
template <typename Get>
std::string Closest(const std::vector<OptionSpec>& options, std::string_view word, Get get) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const OptionSpec& o : options) {
    const std::string& candidate = get(o);
    if (candidate.empty()) continue;
    size_t d = EditDistance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string FormatDouble(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

ConfigSchema& ConfigSchema::Add(OptionSpec spec) {
  for (const OptionSpec& o : options_) {
    if (o.key == spec.key) SchemaBug("duplicate key " + spec.key);
    if (!spec.env.empty() && o.env == spec.env) SchemaBug("duplicate env " + spec.env);
    if (!spec.flag.empty() && o.flag == spec.flag) SchemaBug("duplicate flag " + spec.flag);
  }
  if (!spec.flag.empty() && spec.flag.rfind("--", 0) != 0) SchemaBug("flag without --");
  if (spec.type == OptionType::kEnum && spec.allowed.empty()) SchemaBug("empty enum " + spec.key);
  options_.push_back(std::move(spec));
  return *this;
}

const OptionSpec* ConfigSchema::FindKey(std::string_view key) const {
  for (const OptionSpec& o : options_) {
    if (o.key == key) return &o;
  }
  return nullptr;
}

const OptionSpec* ConfigSchema::FindFlag(std::string_view flag) const {
  for (const OptionSpec& o : options_) {
    if (!o.flag.empty() && o.flag == flag) return &o;
  }
  return nullptr;
}

bool ConfigSchema::IsTable(std::string_view key) const {
  for (const OptionSpec& o : options_) {
    if (o.key.size() > key.size() && o.key.compare(0, key.size(), key) == 0 &&
        o.key[key.size()] == '.') {
      return true;
    }
  }
  return false;
}

std::string ConfigSchema::SuggestKey(std::string_view key) const {
  return Closest(options_, key, [](const OptionSpec& o) -> const std::string& { return o.key; });
}

std::string ConfigSchema::SuggestFlag(std::string_view flag) const {
  return Closest(options_, flag, [](const OptionSpec& o) -> const std::string& { return o.flag; });
}

std::string ExpectedForm(const OptionSpec& spec) {
  if (!spec.expected_form.empty()) return spec.expected_form;
  switch (spec.type) {
    case OptionType::kString:
      return "a string";
    case OptionType::kInt: {
      constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
      constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
      if (spec.int_min != kMin && spec.int_max != kMax) {
        return "an integer from " + std::to_string(spec.int_min) + " to " +
               std::to_string(spec.int_max);
      }
      if (spec.int_min != kMin) return "an integer >= " + std::to_string(spec.int_min);
      if (spec.int_max != kMax) return "an integer <= " + std::to_string(spec.int_max);
      return "an integer";
    }
    case OptionType::kDouble:
      return "a number from " + FormatDouble(spec.double_min) + " to " +
             FormatDouble(spec.double_max);
    case OptionType::kBool:
      return "true or false";
    case OptionType::kDuration: {
      std::string unit = spec.duration_in_seconds ? "seconds" : "milliseconds";
      std::string range = " from " + std::to_string(spec.int_min) + " ms to " +
                          std::to_string(spec.int_max) + " ms";
      return "a duration in " + unit + " (or with a unit: ms, s, m, h)" + range;
    }
    case OptionType::kEnum: {
      std::string s = "one of: ";
      for (size_t i = 0; i < spec.allowed.size(); ++i) {
        if (i) s += ", ";
        s += spec.allowed[i];
      }
      return s;
    }
    case OptionType::kStringList:
      return "a comma-separated list";
    case OptionType::kUri:
      return "a URI (scheme://host...)";
  }
  return "a value";
}

}  // namespace core
