#include "support/avsc.h"

#include <sstream>

#include "support/program_path.h"
#include "support/run_command.h"
#include "support/s3_cli.h"

namespace testing_support {

core::Result<std::vector<std::string>> AvscReadContainer(const std::string& path) {
  CORE_ASSIGN_OR_RETURN(std::string node, RequireProgram("node", DebianPackageHint("nodejs")));
  CORE_RETURN_IF_ERROR(NodeModulesDir("avsc").status());
  CORE_RETURN_IF_ERROR(NodeModulesDir("snappyjs").status());
  ChildOptions o;
  o.argv = {node, std::string(PROJECT_SOURCE_DIR) + "/tests/support/js/avro_read.mjs", path};
  o.env = {{"NODE_NO_WARNINGS", "1"}};
  CORE_ASSIGN_OR_RETURN(CommandResult r, RunCommand(std::move(o), std::chrono::seconds(120)));
  if (!r.success()) return core::InvalidArgument("avsc: " + r.Describe());
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace testing_support
