// ConfigFile: the options set in a TOML config file, checked against a ConfigSchema.
#pragma once

#include <map>
#include <string>

#include "core/config_schema.h"
#include "core/config_value.h"
#include "core/status.h"

namespace core {

struct FileValue {
  ParsedValue parsed;  // the typed value, or why it was rejected
  std::string shown;   // the value as written, safe to echo (secrets masked)
  int line = 0;
};

// Reads and parses `path`. Errors: unreadable file (with the OS reason), TOML syntax error (file,
// line, column), unknown key (with a "did you mean" hint), or a table where a value belongs; when
// several keys are unknown the first one in the file is reported. Values are parsed but not
// rejected here: LoadConfig reports them with the other sources, in schema order.
Result<std::map<std::string, FileValue>> ReadConfigFile(const ConfigSchema& schema,
                                                        const std::string& path);

}  // namespace core
