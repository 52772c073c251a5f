#include "core/config_file.h"

#include <toml++/toml.h>
#include <cerrno>
#include <fstream>
#include <sstream>

namespace core {
namespace {

// The noun for a value of the wrong TOML type.
std::string WrongType(const OptionSpec& spec) {
  switch (spec.type) {
    case OptionType::kInt:
      return "is not an integer";
    case OptionType::kDouble:
      return "is not a number";
    case OptionType::kBool:
      return "is not a boolean";
    case OptionType::kDuration:
      return "is not a duration";
    case OptionType::kStringList:
      return "is not a list of strings";
    default:
      return "is not a string";
  }
}

ParsedValue ConvertNode(const OptionSpec& spec, const toml::node& node) {
  if (const auto* s = node.as_string()) return ParseOptionText(spec, s->get());
  if (const auto* i = node.as_integer()) {
    int64_t v = i->get();
    switch (spec.type) {
      case OptionType::kInt:
        return CheckOptionValue(spec, OptionValue(v));
      case OptionType::kDouble:
        return CheckOptionValue(spec, OptionValue(static_cast<double>(v)));
      case OptionType::kDuration: {
        int64_t scale = spec.duration_in_seconds ? 1000 : 1;
        if (v < 0 || v > std::numeric_limits<int64_t>::max() / scale) {
          return ValueProblem{"is out of range"};
        }
        return CheckOptionValue(spec, OptionValue(v * scale));
      }
      default:
        return ValueProblem{WrongType(spec)};
    }
  }
  if (const auto* d = node.as_floating_point()) {
    if (spec.type == OptionType::kDouble) return CheckOptionValue(spec, OptionValue(d->get()));
    return ValueProblem{WrongType(spec)};
  }
  if (const auto* b = node.as_boolean()) {
    if (spec.type == OptionType::kBool) return OptionValue(b->get());
    return ValueProblem{WrongType(spec)};
  }
  if (const auto* a = node.as_array(); a != nullptr && spec.type == OptionType::kStringList) {
    std::vector<std::string> items;
    for (const toml::node& item : *a) {
      const auto* s = item.as_string();
      if (s == nullptr) return ValueProblem{WrongType(spec)};
      items.push_back(s->get());
    }
    return CheckOptionValue(spec, OptionValue(std::move(items)));
  }
  return ValueProblem{WrongType(spec)};
}

std::string ShowNode(const OptionSpec& spec, const toml::node& node) {
  if (spec.secret) return "****";
  if (const auto* s = node.as_string()) {
    std::string quoted = "\"";
    quoted += DisplayRawText(spec, s->get());
    quoted += '"';
    return quoted;
  }
  std::ostringstream os;
  node.visit([&](const auto& n) { os << n; });
  return DisplayRawText(spec, os.str());
}

struct Walk {
  const ConfigSchema& schema;
  const std::string& path;
  std::map<std::string, FileValue> values;
  int error_line = 0;  // earliest error so far (0 = none)
  std::string error;

  void Fail(int line, std::string message) {
    if (error.empty() || line < error_line) {
      error_line = line;
      error = std::move(message);
    }
  }

  void Table(const toml::table& table, const std::string& prefix) {
    for (const auto& [k, node] : table) {
      std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
      int line = static_cast<int>(node.source().begin.line);
      const OptionSpec* spec = schema.FindKey(key);
      // Descend into tables that are not options, known or not, so that an unknown key is
      // reported with its full dotted name ("pipline.batch_size", with a useful hint).
      if (spec == nullptr && node.is_table() && !node.as_table()->empty()) {
        Table(*node.as_table(), key);
        continue;
      }
      if (spec == nullptr) {
        std::string msg = "unknown key \"" + key + "\" in " + path + ":" + std::to_string(line);
        std::string hint = schema.SuggestKey(key);
        if (!hint.empty()) msg += "; did you mean \"" + hint + "\"?";
        Fail(line, std::move(msg));
        continue;
      }
      values[key] = FileValue{ConvertNode(*spec, node), ShowNode(*spec, node), line};
    }
  }
};

}  // namespace

Result<std::map<std::string, FileValue>> ReadConfigFile(const ConfigSchema& schema,
                                                        const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    return InvalidArgument("cannot read config file " + path + ": " + std::strerror(err));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    int err = errno;
    return InvalidArgument("cannot read config file " + path + ": " + std::strerror(err));
  }
  std::string text = buffer.str();
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("syntax error in " + path + ":" + std::to_string(e.source().begin.line) +
                           ":" + std::to_string(e.source().begin.column) + ": " +
                           std::string(e.description()));
  }
  Walk walk{schema, path, {}, 0, {}};
  walk.Table(root, "");
  if (!walk.error.empty()) return InvalidArgument(walk.error);
  return std::move(walk.values);
}

}  // namespace core
