// Turns rigatoni's validated configuration into a Pipeline's parts: options, destination and
// state store. Errors name the option (in its environment form) and what is expected; the
// binary exits with code 2 on them.
#pragma once

#include <memory>

#include "cdc/pipeline/pipeline.h"
#include "cdc/sink/object_sink.h"
#include "cdc/state/state_store.h"
#include "core/config.h"

namespace rigatoni {

struct PipelineParts {
  cdc::PipelineOptions options;
  std::unique_ptr<cdc::ObjectSink> sink;
  std::unique_ptr<cdc::StateStore> store;
};

core::Result<PipelineParts> BuildPipelineParts(const core::Config& config);

}  // namespace rigatoni
