// StartProgram: the common start of both binaries. Parses argv and the environment against the
// program's schema and performs --help, --version and --check-config.
//
// Exit codes: 0 after --help, --version or a successful --check-config; 2 for any configuration
// error, whose one-line message goes to `err` as "<program>: <message>".
#pragma once

#include <cstdio>
#include <optional>

#include "core/config.h"
#include "core/config_report.h"
#include "core/config_schema.h"

namespace core {

inline constexpr int kConfigErrorExitCode = 2;

struct Startup {
  std::optional<Config> config;  // set when the program should go on and run
  int exit_code = 0;             // meaningful when `config` is empty
};

Startup StartProgram(const ProgramInfo& program, const ConfigSchema& schema, int argc,
                     const char* const* argv, const Environment& env, std::FILE* out,
                     std::FILE* err);

}  // namespace core
