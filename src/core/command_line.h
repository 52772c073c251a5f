// CommandLine: argv split into the process actions (--help, --version, --check-config), the
// config file path (--config PATH) and option flags, checked against a ConfigSchema.
//
// Flags take their value as "--name VALUE" or "--name=VALUE"; a boolean flag given bare
// ("--flag") means true. A later occurrence of a flag overrides an earlier one. Values are kept as
// text here; LoadConfig parses them with the option's type.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_schema.h"
#include "core/status.h"

namespace core {

struct CommandLine {
  bool help = false;
  bool version = false;
  bool check_config = false;
  bool help_markdown = false;  // --help-markdown: the option table for docs/configuration.md
  std::optional<std::string> config_path;
  std::map<std::string, std::string, std::less<>> flag_values;  // "--batch-size" -> "500"
};

// `args` excludes the program name. Errors (InvalidArgument) name the flag: unknown flags (with a
// "did you mean" hint), a flag missing its value, and stray positional arguments.
Result<CommandLine> ParseCommandLine(const ConfigSchema& schema,
                                     const std::vector<std::string_view>& args);

}  // namespace core
