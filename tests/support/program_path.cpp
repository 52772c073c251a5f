#include "support/program_path.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace testing_support {

std::optional<std::string> LookupProgram(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (access(name.c_str(), X_OK) == 0) return name;
    return std::nullopt;
  }
  const char* path_env = std::getenv("PATH");
  std::string_view path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    size_t colon = path.find(':');
    std::filesystem::path dir(path.substr(0, colon));
    if (dir.empty()) dir = ".";
    std::string candidate = (dir / name).string();
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

core::Result<std::string> RequireProgram(const std::string& name, const std::string& install_hint) {
  if (auto found = LookupProgram(name)) return *found;
  return core::NotFound(name + " not found: install " + install_hint + " (bash scripts/setup.sh)");
}

}  // namespace testing_support
