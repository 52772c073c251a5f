// The options of the reflow-tracing server. The TOML layout is the seed's config/production.toml
// as it stands ([server], [database], [redis], [tracing], [logging], [metrics]) plus [auth];
// environment names follow the seed (TRACING_DATABASE_URL, JWT_SECRET, ...). docs/configuration.md
// lists them; keep the two in step.
#pragma once

#include "core/config_schema.h"

namespace reflow_tracing {

core::ConfigSchema BuildOptionSchema();

}  // namespace reflow_tracing
