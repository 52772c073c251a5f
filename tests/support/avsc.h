// avsc (npm) as an independent reader of the Avro object container files we write, through
// tests/support/js/avro_read.mjs.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace testing_support {

// Decodes the container file at `path`. Returns its lines: first the header
// ({"codec":...,"metadata":{...},"sync":"<hex>","blocks":[record counts]}), then one JSON object
// per record in file order (longs as JSON strings, nullable fields as the value or null). A file
// avsc cannot decode returns InvalidArgument with avsc's message; a missing node/avsc an install
// hint.
core::Result<std::vector<std::string>> AvscReadContainer(const std::string& path);

}  // namespace testing_support
