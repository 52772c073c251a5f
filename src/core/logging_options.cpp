#include "core/logging_options.h"

#include <string>

#include "core/log_level.h"

namespace core {

void AddLoggingOptions(ConfigSchema& s, std::string_view example_component) {
  s.Add(OptionSpec("logging.level")
            .Env("LOG_LEVEL", {"RUST_LOG"})
            .Flag("--log-level")
            .String()
            .Default("info")
            .ValueName("FILTER")
            .Validate(CheckLogFilter,
                      "a level (trace, debug, info, warn, error, off), optionally with "
                      "component=level directives, e.g. \"info," +
                          std::string(example_component) + "=debug\"")
            .Describe("Log level filter"));
  s.Add(OptionSpec("logging.format")
            .Env("LOG_FORMAT")
            .Flag("--log-format")
            .Enum({"text", "json"})
            .Describe("Log line format; unset: text when the log goes to a terminal, else json"));
  s.Add(OptionSpec("logging.target")
            .Env("LOG_TARGET")
            .Flag("--log-target")
            .Enum({"stderr", "stdout"})
            .Default("stderr")
            .Describe("Stream the log is written to"));
}

}  // namespace core
