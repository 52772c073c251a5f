#include "core/startup.h"

#include <string_view>
#include <vector>

#include "core/command_line.h"

namespace core {
namespace {

Startup Fail(const ProgramInfo& program, const Status& status, std::FILE* err) {
  std::fprintf(err, "%s: %s\n", program.name.c_str(), status.message().c_str());
  std::fflush(err);
  return Startup{std::nullopt, kConfigErrorExitCode};
}

}  // namespace

Startup StartProgram(const ProgramInfo& program, const ConfigSchema& schema, int argc,
                     const char* const* argv, const Environment& env, std::FILE* out,
                     std::FILE* err) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i)
    args.emplace_back(argv[i]);
  auto cl = ParseCommandLine(schema, args);
  if (!cl.ok()) return Fail(program, cl.status(), err);
  if (cl->help) {
    std::fputs(HelpText(program, schema).c_str(), out);
    std::fflush(out);
    return Startup{std::nullopt, 0};
  }
  if (cl->help_markdown) {
    std::fputs(MarkdownOptionTable(schema).c_str(), out);
    std::fflush(out);
    return Startup{std::nullopt, 0};
  }
  if (cl->version) {
    std::fprintf(out, "%s %s\n", program.name.c_str(), program.version.c_str());
    std::fflush(out);
    return Startup{std::nullopt, 0};
  }
  ConfigInputs inputs{std::move(cl->flag_values), cl->config_path, env};
  auto config = LoadConfig(schema, inputs);
  if (!config.ok()) return Fail(program, config.status(), err);
  if (cl->check_config) {
    std::fputs(EffectiveConfigText(*config).c_str(), out);
    std::fflush(out);
    return Startup{std::nullopt, 0};
  }
  return Startup{std::move(config).value(), 0};
}

}  // namespace core
