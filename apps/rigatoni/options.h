// The options of the rigatoni binary: names follow the seed documents (MONGODB_URI, BATCH_SIZE,
// S3_BUCKET, ...). docs/configuration.md lists them; keep the two in step.
#pragma once

#include "core/config_schema.h"

namespace rigatoni {

core::ConfigSchema BuildOptionSchema();

}  // namespace rigatoni
