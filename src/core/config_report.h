// Human-readable views of a schema and a loaded Config: the --help text and the --check-config
// listing. Both are generated from the schema so they never drift from the code.
#pragma once

#include <string>

#include "core/config.h"
#include "core/config_schema.h"

namespace core {

struct ProgramInfo {
  std::string name;     // "rigatoni"
  std::string version;  // "0.1.0"
  std::string summary;  // one line: what the program does
};

// Usage, the general flags, and for every option: flag, environment name(s), TOML key, default
// (or "required"), description and expected form.
std::string HelpText(const ProgramInfo& program, const ConfigSchema& schema);

// A Markdown table of every option (TOML key, environment, flag, default, meaning with the
// expected form), for docs/configuration.md: `--help-markdown` prints it and a test checks the
// document contains it, so the reference never drifts from the code.
std::string MarkdownOptionTable(const ConfigSchema& schema);

// One line per option, in schema order: "key = value (source)", e.g.
// "pipeline.batch_size = 500 (env BATCH_SIZE)". Secret options show ****, URI passwords are
// masked, unset options show "(not set)".
std::string EffectiveConfigText(const Config& config);

}  // namespace core
