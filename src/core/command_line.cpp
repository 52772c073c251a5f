#include "core/command_line.h"

namespace core {
namespace {

Status MissingValue(std::string_view flag, const std::string& expected) {
  return InvalidArgument("flag " + std::string(flag) + " needs a value; expected " + expected);
}

}  // namespace

Result<CommandLine> ParseCommandLine(const ConfigSchema& schema,
                                     const std::vector<std::string_view>& args) {
  CommandLine cl;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      cl.help = true;
      continue;
    }
    if (arg == "--version" || arg == "-V") {
      cl.version = true;
      continue;
    }
    if (arg == "--help-markdown") {
      cl.help_markdown = true;
      continue;
    }
    if (arg == "--check-config") {
      cl.check_config = true;
      continue;
    }
    if (arg.size() < 3 || !arg.starts_with("--")) {
      return InvalidArgument("unexpected argument \"" + std::string(arg) +
                             "\"; options are given as --name VALUE (see --help)");
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    // The value of a flag: inline after '=', else the next argument unless that is a flag.
    auto take_value = [&]() -> std::optional<std::string> {
      if (inline_value) return std::string(*inline_value);
      if (i + 1 < args.size() && !args[i + 1].starts_with("--")) return std::string(args[++i]);
      return std::nullopt;
    };
    if (name == "--config") {
      auto v = take_value();
      if (!v || v->empty()) return MissingValue(name, "a path to a TOML file");
      cl.config_path = *v;
      continue;
    }
    const OptionSpec* spec = schema.FindFlag(name);
    if (spec == nullptr) {
      std::string msg = "unknown flag " + std::string(name);
      std::string hint = schema.SuggestFlag(name);
      if (!hint.empty()) msg += "; did you mean " + hint + "?";
      return InvalidArgument(msg + " (see --help)");
    }
    if (spec->type == OptionType::kBool && !inline_value) {
      cl.flag_values[spec->flag] = "true";
      continue;
    }
    auto v = take_value();
    if (!v) return MissingValue(name, ExpectedForm(*spec));
    cl.flag_values[spec->flag] = std::move(*v);
  }
  return cl;
}

}  // namespace core
