#include "core/config.h"

#include <cstdio>
#include <cstdlib>

#include "core/config_file.h"

namespace core {
namespace {

[[noreturn]] void AccessBug(std::string_view key, std::string_view what) {
  std::fprintf(stderr, "config access bug: option \"%.*s\" %.*s\n", static_cast<int>(key.size()),
               key.data(), static_cast<int>(what.size()), what.data());
  std::abort();
}

std::string InvalidValue(const OptionSpec& spec, std::string_view name, std::string_view where,
                         std::string_view shown, const ValueProblem& problem) {
  std::string msg = "invalid value for ";
  msg += name;
  msg += " (";
  msg += where;
  msg += "): ";
  msg += shown;
  msg += ' ';
  msg += problem.problem;
  msg += "; expected ";
  msg += ExpectedForm(spec);
  return msg;
}

std::string Quoted(const OptionSpec& spec, std::string_view text) {
  std::string quoted = "\"";
  quoted += DisplayRawText(spec, text);
  quoted += '"';
  return quoted;
}

std::string MissingRequired(const OptionSpec& spec) {
  std::vector<std::string> ways;
  if (!spec.env.empty()) ways.push_back(spec.env + " (environment)");
  if (!spec.flag.empty()) ways.push_back(spec.flag + " (command line)");
  ways.push_back(spec.key + " (config file)");
  std::string msg = "missing required option " + spec.key + ": set ";
  for (size_t i = 0; i < ways.size(); ++i) {
    if (i > 0) msg += i + 1 == ways.size() ? " or " : ", ";
    msg += ways[i];
  }
  return msg + "; expected " + ExpectedForm(spec);
}

}  // namespace

Environment EnvironmentFromEnvp(const char* const* envp) {
  Environment env;
  for (; envp != nullptr && *envp != nullptr; ++envp) {
    std::string_view entry(*envp);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

std::string ValueOrigin::ToString() const {
  switch (source) {
    case ConfigSource::kDefault:
      return "default";
    case ConfigSource::kFile: {
      std::string s = "file ";
      s += file;
      if (line > 0) {
        s += ':';
        s += std::to_string(line);
      }
      return s;
    }
    case ConfigSource::kEnvironment:
      return "env " + name;
    case ConfigSource::kFlag:
      return "flag " + name;
  }
  return "unknown";
}

const Config::Entry& Config::Find(std::string_view key) const {
  const auto& options = schema_->options();
  for (size_t i = 0; i < options.size(); ++i) {
    if (options[i].key == key) return entries_[i];
  }
  AccessBug(key, "is not in the schema");
}

bool Config::Has(std::string_view key) const {
  return !std::holds_alternative<std::monostate>(Find(key).value);
}

const OptionValue& Config::Value(std::string_view key) const {
  return Find(key).value;
}
const ValueOrigin& Config::Origin(std::string_view key) const {
  return Find(key).origin;
}

namespace {
template <typename T>
const T* Typed(const OptionValue& v, std::string_view key, std::string_view type) {
  if (std::holds_alternative<std::monostate>(v)) return nullptr;
  const T* p = std::get_if<T>(&v);
  if (p == nullptr) AccessBug(key, std::string("is not of type ") + std::string(type));
  return p;
}
}  // namespace

const std::string& Config::GetString(std::string_view key) const {
  static const std::string kEmpty;
  const std::string* p = Typed<std::string>(Value(key), key, "string");
  return p ? *p : kEmpty;
}
int64_t Config::GetInt(std::string_view key) const {
  const int64_t* p = Typed<int64_t>(Value(key), key, "integer");
  return p ? *p : 0;
}
double Config::GetDouble(std::string_view key) const {
  const double* p = Typed<double>(Value(key), key, "double");
  return p ? *p : 0.0;
}
bool Config::GetBool(std::string_view key) const {
  const bool* p = Typed<bool>(Value(key), key, "bool");
  return p ? *p : false;
}
std::chrono::milliseconds Config::GetDuration(std::string_view key) const {
  const int64_t* p = Typed<int64_t>(Value(key), key, "duration");
  return std::chrono::milliseconds(p ? *p : 0);
}
const std::vector<std::string>& Config::GetList(std::string_view key) const {
  static const std::vector<std::string> kEmpty;
  const auto* p = Typed<std::vector<std::string>>(Value(key), key, "list");
  return p ? *p : kEmpty;
}

Result<Config> LoadConfig(const ConfigSchema& schema, const ConfigInputs& inputs) {
  std::map<std::string, FileValue> file_values;
  if (inputs.config_path) {
    auto read = ReadConfigFile(schema, *inputs.config_path);
    if (!read.ok()) return read.status();
    file_values = std::move(read).value();
  }

  Config config(&schema);
  std::string missing;  // the first required option without a value
  config.entries_.resize(schema.options().size());
  for (size_t i = 0; i < schema.options().size(); ++i) {
    const OptionSpec& spec = schema.options()[i];
    Config::Entry& entry = config.entries_[i];
    bool have = false;  // a higher-precedence source already supplied the value
    auto take = [&](OptionValue v, ValueOrigin origin) {
      if (have) return;
      entry.value = std::move(v);
      entry.origin = std::move(origin);
      have = true;
    };

    if (!spec.flag.empty()) {
      if (auto it = inputs.flag_values.find(spec.flag); it != inputs.flag_values.end()) {
        ParsedValue parsed = ParseOptionText(spec, it->second);
        if (auto* p = std::get_if<ValueProblem>(&parsed)) {
          return InvalidArgument(
              InvalidValue(spec, spec.flag, "command line", Quoted(spec, it->second), *p));
        }
        take(std::get<OptionValue>(std::move(parsed)), {ConfigSource::kFlag, spec.flag, "", 0});
      }
    }

    // The primary name, else the first alias that is set: the one the user meant.
    std::vector<const std::string*> env_names;
    if (!spec.env.empty()) env_names.push_back(&spec.env);
    for (const std::string& alias : spec.env_aliases)
      env_names.push_back(&alias);
    for (const std::string* name : env_names) {
      auto it = inputs.env.find(*name);
      if (it == inputs.env.end() || it->second.empty()) continue;
      ParsedValue parsed = ParseOptionText(spec, it->second);
      if (auto* p = std::get_if<ValueProblem>(&parsed)) {
        return InvalidArgument(
            InvalidValue(spec, *name, "environment", Quoted(spec, it->second), *p));
      }
      take(std::get<OptionValue>(std::move(parsed)), {ConfigSource::kEnvironment, *name, "", 0});
      break;
    }

    if (auto it = file_values.find(spec.key); it != file_values.end()) {
      FileValue& fv = it->second;
      std::string where = *inputs.config_path + ":" + std::to_string(fv.line);
      if (auto* p = std::get_if<ValueProblem>(&fv.parsed)) {
        return InvalidArgument(InvalidValue(spec, spec.key, where, fv.shown, *p));
      }
      take(std::get<OptionValue>(std::move(fv.parsed)),
           {ConfigSource::kFile, spec.key, *inputs.config_path, fv.line});
    }

    if (!have && spec.default_text) {
      ParsedValue parsed = ParseOptionText(spec, *spec.default_text);
      if (auto* p = std::get_if<ValueProblem>(&parsed)) {
        AccessBug(spec.key, "has an invalid default: " + p->problem);
      }
      take(std::get<OptionValue>(std::move(parsed)), {ConfigSource::kDefault, "", "", 0});
    }
    if (!have && spec.required && missing.empty()) missing = MissingRequired(spec);
  }
  // A value given wrongly is reported before a value not given at all.
  if (!missing.empty()) return InvalidArgument(missing);
  return config;
}

}  // namespace core
