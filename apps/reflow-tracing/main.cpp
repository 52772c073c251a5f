// reflow-tracing: the Reflow trace server. For now the binary parses and checks its configuration
// (--help, --version, --check-config); the server itself comes later.
#include <cstdio>

#include "core/log.h"
#include "core/startup.h"
#include "core/uri_mask.h"
#include "reflow-tracing/options.h"

int main(int argc, char** argv, char** envp) {
  const core::ConfigSchema schema = reflow_tracing::BuildOptionSchema();
  const core::ProgramInfo program{"reflow-tracing", PROJECT_VERSION,
                                  "trace server for Reflow dataflow and actor engines"};
  core::Startup startup = core::StartProgram(program, schema, argc, argv,
                                             core::EnvironmentFromEnvp(envp), stdout, stderr);
  if (!startup.config) return startup.exit_code;
  const core::Config& config = *startup.config;

  core::Status logging = core::InitLogging(core::LogOptionsFromConfig(config, program.name));
  if (!logging.ok()) {
    std::fprintf(stderr, "reflow-tracing: %s\n", logging.message().c_str());
    return core::kConfigErrorExitCode;
  }
  core::Logger log("main");
  LOG_ERROR(log,
            {{"database_url", core::MaskSecretsInUri(config.GetString("database.url"))},
             {"bind_address", config.GetString("server.bind_address")}},
            "reflow-tracing {}: configuration is valid, but this build does not run the server yet",
            PROJECT_VERSION);
  return 1;
}
