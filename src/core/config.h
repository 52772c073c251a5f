// Config: the effective value of every option of a ConfigSchema, each with where it came from.
//
// Precedence: command-line flag > environment > TOML file (--config PATH) > default. An
// environment variable set to the empty string counts as unset; an option's primary environment
// name shadows its aliases (LOG_LEVEL wins over RUST_LOG). Every value that is given is validated,
// even one that a higher source overrides, so a typo never hides.
//
// The environment is passed in, never read from the process, so tests are hermetic. A Config is
// immutable after LoadConfig and safe to read from any thread. It refers to its schema, which must
// outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_schema.h"
#include "core/config_value.h"
#include "core/status.h"

namespace core {

using Environment = std::map<std::string, std::string, std::less<>>;

// Copies a NULL-terminated "NAME=value" array (main's envp, or `environ`).
Environment EnvironmentFromEnvp(const char* const* envp);

enum class ConfigSource { kDefault, kFile, kEnvironment, kFlag };

struct ValueOrigin {
  ConfigSource source = ConfigSource::kDefault;
  std::string name;  // the env name, flag or TOML key the value was given under
  std::string file;  // kFile: the config file path
  int line = 0;      // kFile: 1-based line, 0 if unknown

  // "default", "env BATCH_SIZE", "flag --batch-size", "file /etc/x.toml:3".
  std::string ToString() const;
};

struct ConfigInputs {
  std::map<std::string, std::string, std::less<>> flag_values;  // from ParseCommandLine
  std::optional<std::string> config_path;
  Environment env;
};

class Config {
 public:
  const ConfigSchema& schema() const { return *schema_; }

  // True when the option has a value (given, or defaulted).
  bool Has(std::string_view key) const;
  // Typed accessors. Asking for an unknown key or the wrong type is a programming error (aborts
  // with a message); for an option that is not set they return an empty/zero value.
  const std::string& GetString(std::string_view key) const;  // kString, kEnum, kUri
  int64_t GetInt(std::string_view key) const;
  double GetDouble(std::string_view key) const;
  bool GetBool(std::string_view key) const;
  std::chrono::milliseconds GetDuration(std::string_view key) const;
  const std::vector<std::string>& GetList(std::string_view key) const;

  const OptionValue& Value(std::string_view key) const;
  const ValueOrigin& Origin(std::string_view key) const;

 private:
  friend Result<Config> LoadConfig(const ConfigSchema& schema, const ConfigInputs& inputs);
  struct Entry {
    OptionValue value;
    ValueOrigin origin;
  };
  explicit Config(const ConfigSchema* schema) : schema_(schema) {}
  const Entry& Find(std::string_view key) const;

  const ConfigSchema* schema_;
  std::vector<Entry> entries_;  // parallel to schema_->options()
};

// Resolves every option. Errors (InvalidArgument) carry exactly one message that names the option
// the way the user wrote it, the offending value (secrets masked) and the expected form.
Result<Config> LoadConfig(const ConfigSchema& schema, const ConfigInputs& inputs);

}  // namespace core
