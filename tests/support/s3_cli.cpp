#include "support/s3_cli.h"

#include <filesystem>

#include "support/program_path.h"

namespace testing_support {

core::Result<std::string> NodeModulesDir(const std::string& package) {
  std::string dir = std::string(PROJECT_SOURCE_DIR) + "/node_modules";
  if (!std::filesystem::exists(dir + "/" + package)) {
    return core::NotFound(dir + "/" + package +
                          " not found: run `npm install --no-audit --no-fund` in " +
                          PROJECT_SOURCE_DIR + " (bash scripts/setup.sh does it)");
  }
  return dir;
}

core::Result<CommandResult> S3Cli::Run(const std::vector<std::string>& args,
                                       const std::string& stdin_data) const {
  CORE_ASSIGN_OR_RETURN(std::string node, RequireProgram("node", DebianPackageHint("nodejs")));
  CORE_RETURN_IF_ERROR(NodeModulesDir("@aws-sdk/client-s3").status());
  ChildOptions o;
  o.argv = {node, std::string(PROJECT_SOURCE_DIR) + "/tests/support/js/s3.mjs"};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.env = {{"S3_ENDPOINT", endpoint_.endpoint},
           {"S3_ACCESS_KEY", endpoint_.access_key},
           {"S3_SECRET_KEY", endpoint_.secret_key},
           {"S3_REGION", endpoint_.region},
           {"NODE_NO_WARNINGS", "1"}};
  return RunCommand(std::move(o), std::chrono::seconds(120), stdin_data);
}

core::Result<std::string> S3Cli::RunOk(const std::vector<std::string>& args,
                                       const std::string& stdin_data) const {
  CORE_ASSIGN_OR_RETURN(CommandResult r, Run(args, stdin_data));
  if (!r.success()) {
    std::string what = "s3";
    for (const auto& a : args)
      what += " " + a;
    return core::Unavailable(what + ": " + r.Describe());
  }
  return r.out;
}

core::Status S3Cli::CreateBucket(const std::string& bucket) const {
  return RunOk({"create-bucket", bucket}).status();
}

core::Status S3Cli::Put(const std::string& bucket, const std::string& key,
                        const std::string& body) const {
  return RunOk({"put", bucket, key}, body).status();
}

core::Result<std::string> S3Cli::Get(const std::string& bucket, const std::string& key) const {
  return RunOk({"get", bucket, key});
}

core::Result<std::string> S3Cli::List(const std::string& bucket, const std::string& prefix) const {
  return RunOk({"list", bucket, prefix});
}

core::Result<std::string> S3Cli::Head(const std::string& bucket, const std::string& key) const {
  return RunOk({"head", bucket, key});
}

}  // namespace testing_support
