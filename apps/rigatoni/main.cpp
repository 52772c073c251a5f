// rigatoni: MongoDB change streams to a data lake. For now the binary parses and checks its
// configuration (--help, --version, --check-config); the pipeline itself comes later.
#include <cstdio>

#include "core/log.h"
#include "core/startup.h"
#include "core/uri_mask.h"
#include "rigatoni/options.h"

int main(int argc, char** argv, char** envp) {
  const core::ConfigSchema schema = rigatoni::BuildOptionSchema();
  const core::ProgramInfo program{"rigatoni", PROJECT_VERSION,
                                  "MongoDB change streams to S3 or a local data lake"};
  core::Startup startup = core::StartProgram(program, schema, argc, argv,
                                             core::EnvironmentFromEnvp(envp), stdout, stderr);
  if (!startup.config) return startup.exit_code;
  const core::Config& config = *startup.config;

  core::Status logging = core::InitLogging(core::LogOptionsFromConfig(config, program.name));
  if (!logging.ok()) {
    std::fprintf(stderr, "rigatoni: %s\n", logging.message().c_str());
    return core::kConfigErrorExitCode;
  }
  core::Logger log("main");
  LOG_ERROR(log,
            {{"mongodb_uri", core::MaskSecretsInUri(config.GetString("mongodb.uri"))},
             {"database", config.GetString("mongodb.database")}},
            "rigatoni {}: configuration is valid, but this build does not run the pipeline yet",
            PROJECT_VERSION);
  return 1;
}
