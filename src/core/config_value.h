// OptionValue: one parsed option value, and the parser from text (environment, flags, TOML
// strings) to a typed value checked against its OptionSpec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config_schema.h"

namespace core {

// kString, kEnum and kUri hold std::string; kInt and kDuration (milliseconds) hold int64_t;
// kDouble double; kBool bool; kStringList std::vector<std::string>. monostate = not set.
using OptionValue =
    std::variant<std::monostate, std::string, int64_t, double, bool, std::vector<std::string>>;

// Why a value was rejected: `problem` follows the quoted value ("is not an integer", "is out of
// range"); the expected form comes from ExpectedForm(spec).
struct ValueProblem {
  std::string problem;
};

using ParsedValue = std::variant<OptionValue, ValueProblem>;

// Parses `text` as a value of `spec`'s type and checks range, allowed words and the validator.
ParsedValue ParseOptionText(const OptionSpec& spec, std::string_view text);

// Checks an already-typed value (from TOML) against range, allowed words and the validator.
ParsedValue CheckOptionValue(const OptionSpec& spec, OptionValue value);

// The value as the user should see it: secrets as ****, passwords in URIs masked, lists joined
// with commas, durations in ms, booleans as true/false.
std::string DisplayValue(const OptionSpec& spec, const OptionValue& value);

// Text as the user typed it, made safe to echo in an error: **** for secrets, URI passwords
// masked otherwise.
std::string DisplayRawText(const OptionSpec& spec, std::string_view text);

// Validator for "host:port" options (bind and listen addresses): a non-empty host (a name, an IPv4
// address or a bracketed IPv6 address) and a port from 0 to 65535.
std::optional<std::string> CheckHostPort(std::string_view value);
inline constexpr std::string_view kHostPortForm = "host:port with a port from 0 to 65535";

}  // namespace core
