// Locating the external programs the fixtures run.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"

namespace testing_support {

// `name` itself when it contains a '/' and is executable, else the first executable match in
// PATH; nullopt when there is none.
std::optional<std::string> LookupProgram(const std::string& name);

// Like LookupProgram, but a missing program is a NotFound error that tells how to get it:
// "redis-server not found: install the Debian package redis-server (bash scripts/setup.sh)".
// `install_hint` is the part after "install ", e.g. "the Debian package redis-server".
core::Result<std::string> RequireProgram(const std::string& name, const std::string& install_hint);

// The install hint for a missing Debian package.
inline std::string DebianPackageHint(const std::string& package) {
  return "the Debian package " + package;
}

}  // namespace testing_support
