#include "core/config_report.h"

namespace core {
namespace {

std::string ValueName(const OptionSpec& spec) {
  if (!spec.value_name.empty()) return spec.value_name;
  switch (spec.type) {
    case OptionType::kInt:
      return "N";
    case OptionType::kDouble:
      return "X";
    case OptionType::kBool:
      return "[=BOOL]";
    case OptionType::kDuration:
      return spec.duration_in_seconds ? "SECONDS" : "MS";
    case OptionType::kEnum: {
      std::string s;
      for (const std::string& w : spec.allowed)
        s += (s.empty() ? "" : "|") + w;
      return s;
    }
    case OptionType::kStringList:
      return "A,B,...";
    case OptionType::kUri:
      return "URI";
    case OptionType::kString:
      break;
  }
  return "TEXT";
}

}  // namespace

std::string HelpText(const ProgramInfo& program, const ConfigSchema& schema) {
  std::string out = program.name + " " + program.version + ": " + program.summary + "\n\n";
  out += "Usage: " + program.name + " [--config PATH] [--check-config] [OPTIONS]\n\n";
  out +=
      "Every option can be given as a flag, an environment variable or a key in the TOML config\n"
      "file. Precedence: flag > environment > config file > default.\n\n"
      "General:\n"
      "  --config PATH\n      Read options from this TOML file.\n"
      "  --check-config\n      Validate the configuration, print the effective values "
      "(secrets masked) and exit.\n"
      "  --help, -h\n      Print this help and exit.\n"
      "  --version, -V\n      Print the version and exit.\n\n"
      "Options:\n";
  for (const OptionSpec& spec : schema.options()) {
    out += "  ";
    out += spec.flag.empty() ? "(no flag)" : spec.flag + " " + ValueName(spec);
    out += "\n      ";
    if (!spec.env.empty()) {
      out += "env " + spec.env;
      for (const std::string& alias : spec.env_aliases)
        out += " (alias " + alias + ")";
      out += " | ";
    }
    out += "key " + spec.key + " | ";
    if (spec.required) {
      out += "required";
    } else if (spec.default_text) {
      out += "default " + (spec.secret ? std::string("****") : *spec.default_text);
    } else {
      out += "default: not set";
    }
    if (spec.secret) out += " | secret";
    out += "\n      " + spec.description;
    if (!spec.description.empty() && spec.description.back() != '.') out += '.';
    if (spec.type != OptionType::kString || !spec.expected_form.empty()) {
      out += " Expects " + ExpectedForm(spec) + ".";
    }
    out += '\n';
  }
  return out;
}

std::string EffectiveConfigText(const Config& config) {
  std::string out;
  for (const OptionSpec& spec : config.schema().options()) {
    const OptionValue& value = config.Value(spec.key);
    out += spec.key;
    out += " = ";
    if (std::holds_alternative<std::monostate>(value)) {
      out += "(not set)\n";
      continue;
    }
    std::string shown = DisplayValue(spec, value);
    out += shown.empty() ? "\"\"" : shown;
    out += " (";
    out += config.Origin(spec.key).ToString();
    out += ")\n";
  }
  return out;
}

std::string MarkdownOptionTable(const ConfigSchema& schema) {
  auto cell = [](std::string text) {
    std::string out;
    for (char c : text) {
      if (c == '|')
        out += "\\|";
      else if (c == '\n')
        out += ' ';
      else
        out += c;
    }
    return out;
  };
  std::string out =
      "| TOML key | environment | flag | default | meaning |\n|---|---|---|---|---|\n";
  for (const OptionSpec& o : schema.options()) {
    std::string env = o.env.empty() ? "" : "`" + o.env + "`";
    for (const std::string& alias : o.env_aliases)
      env += " (or `" + alias + "`)";
    std::string def = o.default_text
                          ? (o.default_text->empty() ? "`\"\"`" : "`" + *o.default_text + "`")
                          : (o.required ? "required" : "(not set)");
    if (o.secret && o.default_text) def = "(secret)";
    std::string meaning = o.description;
    if (!meaning.empty() && meaning.back() != '.') meaning += '.';
    const std::string expected = ExpectedForm(o);
    if (!expected.empty()) meaning += " Expects " + expected + ".";
    out += "| `" + o.key + "` | " + env + " | " + (o.flag.empty() ? "" : "`" + o.flag + "`") +
           " | " + def + " | " + cell(meaning) + " |\n";
  }
  return out;
}

}  // namespace core
