// The logging options every binary has (logging.level / LOG_LEVEL with RUST_LOG as an alias,
// logging.format / LOG_FORMAT, logging.target / LOG_TARGET), added to a program's schema so both
// binaries spell and validate them the same way. LogOptionsFromConfig (log.h) reads them back.
#pragma once

#include <string_view>

#include "core/config_schema.h"

namespace core {

// `example_component` appears in the level's help, e.g. "cdc" -> "info,cdc=debug".
void AddLoggingOptions(ConfigSchema& schema, std::string_view example_component);

}  // namespace core
