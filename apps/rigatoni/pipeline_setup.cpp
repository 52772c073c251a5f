#include "rigatoni/pipeline_setup.h"

#include <string>

#include "cdc/sink/local_directory_sink.h"
#include "cdc/source/change_stream.h"
#include "cdc/state/file_state_store.h"
#include "cdc/state/memory_state_store.h"
#include "core/uri_mask.h"

namespace rigatoni {

namespace {

// "file:///abs/path" -> "/abs/path"; anything else is an error naming the option.
core::Result<std::string> FilePath(std::string_view option, const std::string& url) {
  constexpr std::string_view kScheme = "file://";
  if (url.rfind(kScheme, 0) != 0 || url.size() <= kScheme.size() || url[kScheme.size()] != '/') {
    return core::InvalidArgument("invalid value for " + std::string(option) + ": \"" +
                                 core::MaskSecretsInUri(url) +
                                 "\"; expected file:///absolute/path");
  }
  return url.substr(kScheme.size());
}

core::Result<std::vector<cdc::StreamTarget>> Targets(const core::Config& config) {
  const std::string db = config.Has("mongodb.database") ? config.GetString("mongodb.database") : "";
  const std::vector<std::string> collections = config.Has("mongodb.collections")
                                                   ? config.GetList("mongodb.collections")
                                                   : std::vector<std::string>{};
  std::string level_name;
  if (config.Has("mongodb.watch_level")) {
    level_name = config.GetString("mongodb.watch_level");
  } else {
    level_name = collections.empty() ? "database" : "collection";
  }
  CORE_ASSIGN_OR_RETURN(cdc::WatchLevel level, cdc::ParseWatchLevel(level_name));
  std::vector<cdc::StreamTarget> targets;
  if (level != cdc::WatchLevel::kDeployment && db.empty()) {
    return core::InvalidArgument("MONGODB_DATABASE is required with WATCH_LEVEL=" + level_name +
                                 "; expected a database name");
  }
  switch (level) {
    case cdc::WatchLevel::kCollection:
      if (collections.empty()) {
        return core::InvalidArgument(
            "MONGODB_COLLECTIONS is empty but WATCH_LEVEL=collection; expected a "
            "comma-separated list of collections");
      }
      for (const std::string& c : collections)
        targets.push_back({level, db, c});
      break;
    case cdc::WatchLevel::kDatabase:
      targets.push_back({level, db, ""});
      break;
    case cdc::WatchLevel::kDeployment:
      targets.push_back({level, "", ""});
      break;
  }
  return targets;
}

}  // namespace

core::Result<PipelineParts> BuildPipelineParts(const core::Config& config) {
  PipelineParts parts;
  cdc::PipelineOptions& o = parts.options;
  o.mongodb_uri = config.GetString("mongodb.uri");
  CORE_ASSIGN_OR_RETURN(o.targets, Targets(config));

  cdc::ChangeStreamOptions& s = o.stream;
  if (config.Has("mongodb.pipeline")) s.pipeline_json = config.GetString("mongodb.pipeline");
  CORE_ASSIGN_OR_RETURN(s.full_document,
                        cdc::ParseFullDocumentMode(config.GetString("mongodb.full_document")));
  CORE_ASSIGN_OR_RETURN(
      s.full_document_before_change,
      cdc::ParsePreImageMode(config.GetString("mongodb.full_document_before_change")));
  s.show_expanded_events = config.GetBool("mongodb.show_expanded_events");
  s.split_large_events = config.GetBool("mongodb.split_large_events");
  s.batch_size = static_cast<int32_t>(config.GetInt("mongodb.cursor_batch_size"));
  s.max_await_time_ms = config.GetDuration("mongodb.max_await_time_ms").count();
  CORE_ASSIGN_OR_RETURN(s.on_history_lost,
                        cdc::ParseHistoryLostPolicy(config.GetString("mongodb.on_history_lost")));
  // Validate the pipeline JSON now rather than at the first connection.
  {
    bson_t pipeline = BSON_INITIALIZER;
    bson_t opts = BSON_INITIALIZER;
    core::Status st = cdc::BuildWatchArguments(s, cdc::StartPosition::Now(), &pipeline, &opts);
    bson_destroy(&pipeline);
    bson_destroy(&opts);
    if (!st.ok()) return st.WithContext("CHANGE_STREAM_PIPELINE");
  }

  cdc::CutterOptions& c = o.cutter;
  c.batch_size = static_cast<size_t>(config.GetInt("pipeline.batch_size"));
  c.batch_timeout = config.GetDuration("pipeline.batch_timeout_ms");
  c.max_batch_bytes = static_cast<size_t>(config.GetInt("pipeline.max_batch_bytes"));
  c.max_event_bytes = static_cast<size_t>(config.GetInt("pipeline.max_event_bytes"));
  c.partition_by = config.GetString("destination.partition_by") == "processing_time"
                       ? cdc::PartitionBy::kProcessingTime
                       : cdc::PartitionBy::kEventTime;

  cdc::WriterOptions& w = o.writer;
  CORE_ASSIGN_OR_RETURN(w.encoder.format,
                        cdc::ParseOutputFormat(config.GetString("destination.format")));
  if (config.Has("destination.compression")) {
    CORE_ASSIGN_OR_RETURN(w.encoder.compression,
                          core::ParseCodec(config.GetString("destination.compression")));
  } else {  // the format's usual default: snappy pages for Parquet, whole objects uncompressed
    w.encoder.compression =
        w.encoder.format == cdc::OutputFormat::kParquet ? core::Codec::kSnappy : core::Codec::kNone;
  }
  CORE_ASSIGN_OR_RETURN(
      w.encoder.parquet.schema,
      cdc::ParseParquetSchemaMode(config.GetString("destination.parquet_schema")));
  w.encoder.parquet.row_group_bytes =
      static_cast<size_t>(config.GetInt("destination.parquet_row_group_bytes"));
  w.encoder.parquet.page_bytes =
      static_cast<size_t>(config.GetInt("destination.parquet_page_bytes"));
  w.encoder.json_mode = config.GetString("destination.json_mode") == "canonical"
                            ? cdc::JsonMode::kCanonical
                            : cdc::JsonMode::kRelaxed;
  CORE_ASSIGN_OR_RETURN(w.key_strategy,
                        cdc::ParseKeyStrategy(config.GetString("destination.key_strategy")));
  w.retry.max_retries = static_cast<int>(config.GetInt("pipeline.max_retries"));
  w.retry.initial_delay = config.GetDuration("pipeline.retry_delay_ms");
  w.retry.max_delay = config.GetDuration("pipeline.max_retry_delay_ms");
  // Fail fast on an impossible format/compression pair.
  CORE_RETURN_IF_ERROR(cdc::MakeBatchEncoder(w.encoder).status());

  o.num_workers = static_cast<size_t>(config.GetInt("pipeline.num_workers"));
  o.channel_buffer_size = static_cast<size_t>(config.GetInt("pipeline.channel_buffer_size"));
  o.heartbeat = config.GetDuration("pipeline.heartbeat_interval_ms");
  o.on_stream_failure = config.GetString("pipeline.on_stream_failure") == "restart"
                            ? cdc::StreamFailurePolicy::kRestart
                            : cdc::StreamFailurePolicy::kExit;

  // Destination.
  const std::string pipeline_name = config.GetString("pipeline.name");
  std::string destination;
  if (config.Has("destination.url")) {
    destination = config.GetString("destination.url");
  } else if (config.Has("s3.bucket")) {
    destination = "s3://" + config.GetString("s3.bucket");
  } else {
    return core::InvalidArgument(
        "no destination: set DESTINATION_URL (file:///abs/path or s3://bucket/prefix) or "
        "S3_BUCKET");
  }
  if (destination.rfind("s3://", 0) == 0) {
    return core::Status(core::ErrorCode::kUnimplemented,
                        "DESTINATION_URL \"" + destination +
                            "\": the S3 destination is not available in this build yet; "
                            "expected file:///absolute/path");
  }
  CORE_ASSIGN_OR_RETURN(std::string lake, FilePath("DESTINATION_URL", destination));
  CORE_ASSIGN_OR_RETURN(parts.sink, cdc::LocalDirectorySink::Open(lake));

  // State store.
  std::string state = "file:///var/lib/rigatoni";
  if (config.Has("state.url")) {
    state = config.GetString("state.url");
  } else if (config.Has("redis.url")) {
    state = config.GetString("redis.url");
  }
  if (state == "memory:") {
    parts.store = std::make_unique<cdc::MemoryStateStore>();
  } else if (state.rfind("redis://", 0) == 0 || state.rfind("rediss://", 0) == 0) {
    return core::Status(core::ErrorCode::kUnimplemented,
                        "STATE_STORE_URL \"" + core::MaskSecretsInUri(state) +
                            "\": the Redis state store is not available in this build yet; "
                            "expected file:///absolute/path or memory:");
  } else {
    CORE_ASSIGN_OR_RETURN(std::string dir, FilePath("STATE_STORE_URL", state));
    CORE_ASSIGN_OR_RETURN(parts.store, cdc::FileStateStore::Open(dir, pipeline_name));
  }
  return parts;
}

}  // namespace rigatoni
