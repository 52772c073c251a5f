#include "core/config_value.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/text.h"
#include "core/uri_mask.h"

namespace core {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ParseInt64(std::string_view s, int64_t* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

ParsedValue ParseDuration(const OptionSpec& spec, std::string_view text) {
  std::string_view digits = text;
  int64_t scale = spec.duration_in_seconds ? 1000 : 1;
  struct Unit {
    std::string_view suffix;
    int64_t ms;
  };
  // "ms" before "m" and "s": the longest suffix wins.
  static constexpr Unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  for (const Unit& u : kUnits) {
    if (digits.size() > u.suffix.size() && digits.ends_with(u.suffix) &&
        std::isdigit(static_cast<unsigned char>(digits[digits.size() - u.suffix.size() - 1]))) {
      digits.remove_suffix(u.suffix.size());
      scale = u.ms;
      break;
    }
  }
  int64_t n = 0;
  if (!ParseInt64(digits, &n)) return ValueProblem{"is not a duration"};
  if (n < 0 || n > std::numeric_limits<int64_t>::max() / scale) {
    return ValueProblem{"is out of range"};
  }
  return CheckOptionValue(spec, OptionValue(n * scale));
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = TrimSpace(text.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

bool LooksLikeUri(std::string_view s) {
  size_t sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0 || sep + 3 >= s.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (size_t i = 0; i < sep; ++i) {
    char c = s[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

ParsedValue CheckOptionValue(const OptionSpec& spec, OptionValue value) {
  switch (spec.type) {
    case OptionType::kInt:
    case OptionType::kDuration: {
      int64_t v = std::get<int64_t>(value);
      if (v < spec.int_min || v > spec.int_max) return ValueProblem{"is out of range"};
      break;
    }
    case OptionType::kDouble: {
      double v = std::get<double>(value);
      if (!std::isfinite(v)) return ValueProblem{"is not a number"};
      if (v < spec.double_min || v > spec.double_max) return ValueProblem{"is out of range"};
      break;
    }
    case OptionType::kEnum: {
      const std::string& v = std::get<std::string>(value);
      bool found = false;
      for (const std::string& w : spec.allowed)
        found = found || w == v;
      if (!found) return ValueProblem{"is not allowed"};
      break;
    }
    case OptionType::kUri:
      if (!LooksLikeUri(std::get<std::string>(value))) return ValueProblem{"is not a URI"};
      break;
    default:
      break;
  }
  if (spec.validator && std::holds_alternative<std::string>(value)) {
    if (auto problem = spec.validator(std::get<std::string>(value))) {
      return ValueProblem{*std::move(problem)};
    }
  }
  return value;
}

ParsedValue ParseOptionText(const OptionSpec& spec, std::string_view raw) {
  std::string_view text = spec.type == OptionType::kString ? raw : TrimSpace(raw);
  switch (spec.type) {
    case OptionType::kString:
    case OptionType::kEnum:
    case OptionType::kUri:
      return CheckOptionValue(spec, OptionValue(std::string(text)));
    case OptionType::kInt: {
      int64_t v = 0;
      if (!ParseInt64(text, &v)) return ValueProblem{"is not an integer"};
      return CheckOptionValue(spec, OptionValue(v));
    }
    case OptionType::kDouble: {
      std::string copy(text);
      char* end = nullptr;
      double v = std::strtod(copy.c_str(), &end);
      if (copy.empty() || end != copy.c_str() + copy.size()) return ValueProblem{"is not a number"};
      return CheckOptionValue(spec, OptionValue(v));
    }
    case OptionType::kBool: {
      std::string v = Lower(text);
      if (v == "true" || v == "1" || v == "yes" || v == "on") return OptionValue(true);
      if (v == "false" || v == "0" || v == "no" || v == "off") return OptionValue(false);
      return ValueProblem{"is not a boolean"};
    }
    case OptionType::kDuration:
      return ParseDuration(spec, text);
    case OptionType::kStringList:
      return CheckOptionValue(spec, OptionValue(SplitList(text)));
  }
  return ValueProblem{"is not valid"};
}

std::string DisplayValue(const OptionSpec& spec, const OptionValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return "(not set)";
  if (spec.secret) return "****";
  if (const auto* s = std::get_if<std::string>(&value)) return MaskSecretsInUri(*s);
  if (const auto* i = std::get_if<int64_t>(&value)) {
    return spec.type == OptionType::kDuration ? std::to_string(*i) + "ms" : std::to_string(*i);
  }
  if (const auto* d = std::get_if<double>(&value)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", *d);
    return buf;
  }
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  std::string joined;
  for (const std::string& item : std::get<std::vector<std::string>>(value)) {
    if (!joined.empty()) joined += ',';
    joined += MaskSecretsInUri(item);
  }
  return joined;
}

std::string DisplayRawText(const OptionSpec& spec, std::string_view text) {
  if (spec.secret) return "****";
  return MaskSecretsInUri(text);
}

std::optional<std::string> CheckHostPort(std::string_view value) {
  size_t colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::string("is not host:port");
  std::string_view host = value.substr(0, colon);
  if (host.front() == '[' ? host.back() != ']' : host.find(':') != std::string_view::npos) {
    return std::string("is not host:port");
  }
  int64_t port = -1;
  if (!ParseInt64(value.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return std::string("has an invalid port");
  }
  return std::nullopt;
}

}  // namespace core
