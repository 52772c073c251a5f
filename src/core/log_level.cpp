#include "core/log_level.h"

#include <cctype>

#include "core/text.h"

namespace core {
namespace {

// "a::b-c" -> "a.b_c": one spelling for Rust module paths, program names and our components.
std::string Normalize(std::string_view target) {
  std::string out;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target.substr(i, 2) == "::") {
      out += '.';
      ++i;
    } else {
      out += target[i] == '-' ? '_' : target[i];
    }
  }
  return out;
}

bool Covers(std::string_view target, std::string_view component) {
  return component == target || (component.size() > target.size() &&
                                 component.starts_with(target) && component[target.size()] == '.');
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view word) {
  std::string w(TrimSpace(word));
  for (char& c : w)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (w == "trace") return LogLevel::kTrace;
  if (w == "debug") return LogLevel::kDebug;
  if (w == "info") return LogLevel::kInfo;
  if (w == "warn" || w == "warning") return LogLevel::kWarn;
  if (w == "error") return LogLevel::kError;
  if (w == "off") return LogLevel::kOff;
  return std::nullopt;
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      return "off";
  }
  return "info";
}

LogLevel LogFilter::LevelFor(std::string_view component, std::string_view program) const {
  std::string comp = Normalize(component);
  std::string prog = Normalize(program);
  LogLevel level = default_level;
  size_t best = 0;  // length of the most specific matching target (program match counts as 1)
  for (const Directive& d : directives) {
    size_t specificity = 0;
    if (Covers(d.target, comp)) {
      specificity = d.target.size() + 1;
    } else if (!prog.empty() && d.target == prog) {
      specificity = 1;
    }
    if (specificity > best) {
      best = specificity;
      level = d.level;
    }
  }
  return level;
}

std::optional<LogFilter> ParseLogFilter(std::string_view text, std::string* problem) {
  LogFilter filter;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view directive = TrimSpace(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (directive.empty()) continue;
    if (size_t slash = directive.find('/'); slash != std::string_view::npos) {
      directive = TrimSpace(directive.substr(0, slash));  // "/regex": not honoured
      if (directive.empty()) continue;
    }
    size_t eq = directive.rfind('=');
    std::string_view target =
        eq == std::string_view::npos ? "" : TrimSpace(directive.substr(0, eq));
    std::string_view word = eq == std::string_view::npos ? directive : directive.substr(eq + 1);
    std::optional<LogLevel> level = ParseLogLevel(word);
    if (!level) {
      if (problem)
        *problem = "has \"" + std::string(TrimSpace(word)) + "\", which is not a log level";
      return std::nullopt;
    }
    if (target.find('[') != std::string_view::npos) continue;  // span filters: not honoured
    if (target.empty()) {
      filter.default_level = *level;
    } else {
      filter.directives.push_back({Normalize(target), *level});
    }
  }
  return filter;
}

std::optional<std::string> CheckLogFilter(std::string_view text) {
  std::string problem;
  if (ParseLogFilter(text, &problem)) return std::nullopt;
  if (text.find_first_of(",=") == std::string_view::npos) return std::string("is not a log level");
  return problem;
}

}  // namespace core
