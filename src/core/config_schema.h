// ConfigSchema: the declarative list of a program's options.
//
// Each option has one canonical TOML key (a dotted path such as "pipeline.batch_size"), an
// environment name plus optional aliases, a command-line flag, a type, a default (or "required"),
// a description and a `secret` flag. The schema drives parsing (core::LoadConfig), --help and
// --check-config, so a new option is one entry here and nothing else.
//
// Build it once at startup; it is immutable and freely shareable across threads afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class OptionType {
  kString,
  kInt,         // 64-bit integer with [min, max]
  kDouble,      // with [min, max]
  kBool,        // true/false (environment and flags also take 1/0, yes/no, on/off)
  kDuration,    // stored as milliseconds; a bare number is in the option's unit (ms or s)
  kEnum,        // one of a fixed list of words
  kStringList,  // comma-separated in env/flags; a TOML array of strings or one comma string
  kUri,         // "scheme://..."; passwords in it are masked whenever it is printed
};

// Extra validation for a string option. Returns nullopt when `value` is fine, else the reason in
// the form "is not X; expected Y" (it follows the quoted value in the error message).
using OptionValidator = std::function<std::optional<std::string>(std::string_view value)>;

struct OptionSpec {
  std::string key;                       // canonical TOML key, dotted
  std::string env;                       // primary environment name ("" = none)
  std::vector<std::string> env_aliases;  // consulted, in order, when `env` is unset
  std::string flag;                      // "--batch-size" ("" = none)
  OptionType type = OptionType::kString;
  std::optional<std::string> default_text;  // parsed like any other source; nullopt = no default
  bool required = false;
  bool secret = false;  // never printed: shown as **** in --check-config and errors
  std::string description;
  std::string value_name;  // placeholder in --help ("N", "URI"); derived from the type if empty
  int64_t int_min = std::numeric_limits<int64_t>::min();  // kInt, kDuration (ms)
  int64_t int_max = std::numeric_limits<int64_t>::max();
  double double_min = -std::numeric_limits<double>::infinity();
  double double_max = std::numeric_limits<double>::infinity();
  std::vector<std::string> allowed;  // kEnum
  bool duration_in_seconds = false;  // kDuration: a bare number counts seconds, not ms
  OptionValidator validator;         // optional, string-typed options only
  std::string expected_form;         // overrides ExpectedForm() (useful with a validator)

  // Fluent builders so a schema reads like a table.
  explicit OptionSpec(std::string toml_key) : key(std::move(toml_key)) {}
  OptionSpec& Env(std::string name, std::vector<std::string> aliases = {});
  OptionSpec& Flag(std::string name);
  OptionSpec& String();
  OptionSpec& Int(int64_t min, int64_t max);
  OptionSpec& Double(double min, double max);
  OptionSpec& Bool();
  OptionSpec& DurationMs(int64_t min_ms, int64_t max_ms);
  OptionSpec& DurationSeconds(int64_t min_ms, int64_t max_ms);
  OptionSpec& Enum(std::vector<std::string> words);
  OptionSpec& List();
  OptionSpec& Uri();
  OptionSpec& Default(std::string text);
  OptionSpec& Required();
  OptionSpec& Secret();
  OptionSpec& Describe(std::string text);
  OptionSpec& ValueName(std::string name);
  OptionSpec& Validate(OptionValidator v, std::string expected);
};

class ConfigSchema {
 public:
  // Adds an option. Duplicate keys, env names or flags are programming errors (asserted, also in
  // release builds).
  ConfigSchema& Add(OptionSpec spec);

  const std::vector<OptionSpec>& options() const { return options_; }
  const OptionSpec* FindKey(std::string_view key) const;
  const OptionSpec* FindFlag(std::string_view flag) const;

  // True when `key` names a table that holds options ("pipeline" for "pipeline.batch_size").
  bool IsTable(std::string_view key) const;

  // The closest known key or flag to a misspelt one, for "did you mean" hints; "" if none is
  // close enough.
  std::string SuggestKey(std::string_view key) const;
  std::string SuggestFlag(std::string_view flag) const;

 private:
  std::vector<OptionSpec> options_;
};

// "an integer from 1 to 10000", "one of: json, csv", ...: the expected form of a value, used in
// error messages and --help.
std::string ExpectedForm(const OptionSpec& spec);

}  // namespace core
