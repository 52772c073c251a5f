// hyparquet (pure JS, npm) as a second independent Parquet reader, through
// tests/support/js/hyparquet_read.mjs.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace testing_support {

// Reads `path` and returns its rows, one JSON object per line with exact values (INT64 and
// timestamps as decimal strings, JSON columns as text, binary as "base64:..."; see the script).
// A read error returns InvalidArgument with hyparquet's message.
core::Result<std::vector<std::string>> HyparquetRead(const std::string& path);

}  // namespace testing_support
