// The parsed `$changeStream` pipeline: scope, options, start point and the stages that follow.
#pragma once

#include <bson/bson.h>

#include <optional>
#include <string>
#include <vector>

#include "bson_values.h"
#include "command_error.h"
#include "oplog.h"
#include "resume_token.h"

namespace mongosim {

enum class StreamScope { kCollection, kDatabase, kCluster };
enum class FullDocumentMode { kDefault, kUpdateLookup, kWhenAvailable, kRequired };
enum class BeforeChangeMode { kOff, kWhenAvailable, kRequired };

struct ChangeStreamSpec {
  StreamScope scope = StreamScope::kCollection;
  std::string db;
  std::string coll;
  FullDocumentMode full_document = FullDocumentMode::kDefault;
  BeforeChangeMode before_change = BeforeChangeMode::kOff;
  bool show_expanded = false;
  bool split_large_events = false;
  std::vector<Document> match_filters;  // $match stages after $changeStream, in order
  std::optional<ResumePosition> resume_after;
  std::optional<ResumePosition> start_after;
  std::optional<Timestamp> start_at_operation_time;
};

// Parses an aggregate command's pipeline whose first stage is $changeStream. `coll` is empty for
// `aggregate: 1`. Validation errors use MongoDB's codes and messages.
CommandError ParseChangeStream(const bson_t& pipeline, const std::string& db,
                               const std::string& coll, ChangeStreamSpec& out);

// True if the pipeline's first stage is $changeStream.
bool IsChangeStreamPipeline(const bson_t& pipeline);

}  // namespace mongosim
