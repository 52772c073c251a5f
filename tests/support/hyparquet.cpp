#include "support/hyparquet.h"

#include <sstream>

#include "support/program_path.h"
#include "support/run_command.h"
#include "support/s3_cli.h"

namespace testing_support {

core::Result<std::vector<std::string>> HyparquetRead(const std::string& path) {
  CORE_ASSIGN_OR_RETURN(std::string node, RequireProgram("node", DebianPackageHint("nodejs")));
  CORE_RETURN_IF_ERROR(NodeModulesDir("hyparquet").status());
  CORE_RETURN_IF_ERROR(NodeModulesDir("hyparquet-compressors").status());
  ChildOptions o;
  o.argv = {node, std::string(PROJECT_SOURCE_DIR) + "/tests/support/js/hyparquet_read.mjs", path};
  o.env = {{"NODE_NO_WARNINGS", "1"}};
  CORE_ASSIGN_OR_RETURN(CommandResult r, RunCommand(std::move(o), std::chrono::seconds(120)));
  if (!r.success()) return core::InvalidArgument("hyparquet: " + r.Describe());
  std::vector<std::string> rows;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) rows.push_back(line);
  }
  return rows;
}

}  // namespace testing_support
