#include "rigatoni/options.h"

#include <string>

#include "core/config_value.h"
#include "core/logging_options.h"

namespace rigatoni {

using core::OptionSpec;

core::ConfigSchema BuildOptionSchema() {
  core::ConfigSchema s;
  // Source.
  s.Add(OptionSpec("mongodb.uri")
            .Env("MONGODB_URI")
            .Flag("--mongodb-uri")
            .Uri()
            .Required()
            .Describe("MongoDB connection string of a replica set or sharded cluster"));
  s.Add(OptionSpec("mongodb.database")
            .Env("MONGODB_DATABASE")
            .Flag("--mongodb-database")
            .String()
            .ValueName("NAME")
            .Describe("Database to watch (required unless WATCH_LEVEL=deployment)"));
  s.Add(OptionSpec("mongodb.collections")
            .Env("MONGODB_COLLECTIONS")
            .Flag("--mongodb-collections")
            .List()
            .Describe("Collections to watch (comma-separated), one change stream each; empty "
                      "watches the whole database"));
  s.Add(OptionSpec("mongodb.watch_level")
            .Env("WATCH_LEVEL")
            .Flag("--watch-level")
            .Enum({"collection", "database", "deployment"})
            .Describe("collection (one stream per MONGODB_COLLECTIONS entry), database or "
                      "deployment; unset: collection when MONGODB_COLLECTIONS is set, else "
                      "database"));
  s.Add(OptionSpec("mongodb.pipeline")
            .Env("CHANGE_STREAM_PIPELINE")
            .Flag("--change-stream-pipeline")
            .String()
            .ValueName("JSON")
            .Describe("Aggregation stages after $changeStream, as a JSON array, e.g. "
                      "[{\"$match\": {\"operationType\": \"insert\"}}]"));
  s.Add(OptionSpec("mongodb.full_document")
            .Env("FULL_DOCUMENT")
            .Flag("--full-document")
            .Enum({"default", "updateLookup", "whenAvailable", "required"})
            .Default("updateLookup")
            .Describe("fullDocument option of the change stream"));
  s.Add(OptionSpec("mongodb.full_document_before_change")
            .Env("FULL_DOCUMENT_BEFORE_CHANGE")
            .Flag("--full-document-before-change")
            .Enum({"off", "whenAvailable", "required"})
            .Default("off")
            .Describe("Pre-images (fullDocumentBeforeChange); the collection needs "
                      "changeStreamPreAndPostImages enabled"));
  s.Add(OptionSpec("mongodb.show_expanded_events")
            .Env("SHOW_EXPANDED_EVENTS")
            .Flag("--show-expanded-events")
            .Bool()
            .Default("false")
            .Describe("Also capture DDL events (create, createIndexes, modify, ...)"));
  s.Add(OptionSpec("mongodb.split_large_events")
            .Env("SPLIT_LARGE_EVENTS")
            .Flag("--split-large-events")
            .Bool()
            .Default("false")
            .Describe("Add $changeStreamSplitLargeEvent so events over 16 MB arrive in fragments "
                      "(reassembled); needs MongoDB 7.0 or 6.0.9"));
  s.Add(OptionSpec("mongodb.cursor_batch_size")
            .Env("CURSOR_BATCH_SIZE")
            .Flag("--cursor-batch-size")
            .Int(0, 1'000'000)
            .Default("0")
            .Describe("Events per getMore reply (0 = server default)"));
  s.Add(OptionSpec("mongodb.max_await_time_ms")
            .Env("MAX_AWAIT_TIME_MS")
            .Flag("--max-await-time-ms")
            .DurationMs(10, 60'000)
            .Default("1000")
            .Describe("How long a getMore waits for events; also the heartbeat granularity"));
  s.Add(OptionSpec("mongodb.on_history_lost")
            .Env("ON_HISTORY_LOST")
            .Flag("--on-history-lost")
            .Enum({"fail", "restart"})
            .Default("fail")
            .Describe("When the stored resume token fell out of the oplog (code 286): fail "
                      "(exit non-zero, /health red) or restart from now (events in between are "
                      "lost; logged and counted)"));

  // Pipeline.
  s.Add(OptionSpec("pipeline.name")
            .Env("PIPELINE_NAME")
            .Flag("--pipeline-name")
            .String()
            .Default("rigatoni")
            .ValueName("NAME")
            .Describe("Name of this pipeline; scopes state-store keys and locks"));
  s.Add(OptionSpec("pipeline.batch_size")
            .Env("BATCH_SIZE")
            .Flag("--batch-size")
            .Int(1, 10000)
            .Default("100")
            .Describe("Maximum events per batch"));
  s.Add(OptionSpec("pipeline.batch_timeout_ms")
            .Env("BATCH_TIMEOUT_MS")
            .Flag("--batch-timeout-ms")
            .DurationMs(1, 3'600'000)
            .Default("5000")
            .Describe("A batch is written at the latest this long after its first event"));
  s.Add(OptionSpec("pipeline.num_workers")
            .Env("NUM_WORKERS")
            .Flag("--num-workers")
            .Int(1, 256)
            .Default("2")
            .Describe("Encode/upload workers"));
  s.Add(OptionSpec("pipeline.channel_buffer_size")
            .Env("CHANNEL_BUFFER_SIZE")
            .Flag("--channel-buffer-size")
            .Int(1, 1'000'000)
            .Default("1000")
            .Describe("Capacity of the queue between the change stream and the batcher; reading "
                      "pauses when it is full"));
  s.Add(OptionSpec("pipeline.max_retries")
            .Env("MAX_RETRIES")
            .Flag("--max-retries")
            .Int(0, 1000)
            .Default("3")
            .Describe("Retries of a failed write (retryable errors only); then the pipeline "
                      "stops and exits non-zero, nothing is skipped"));
  s.Add(OptionSpec("pipeline.retry_delay_ms")
            .Env("RETRY_DELAY_MS")
            .Flag("--retry-delay-ms")
            .DurationMs(1, 3'600'000)
            .Default("100")
            .Describe("First retry delay (doubles on each retry, with jitter)"));
  s.Add(OptionSpec("pipeline.max_retry_delay_ms")
            .Env("MAX_RETRY_DELAY_MS")
            .Flag("--max-retry-delay-ms")
            .DurationMs(1, 3'600'000)
            .Default("30000")
            .Describe("Upper bound of the retry delay"));

  s.Add(OptionSpec("pipeline.max_batch_bytes")
            .Env("MAX_BATCH_BYTES")
            .Flag("--max-batch-bytes")
            .Int(1024, int64_t{1} << 32)
            .Default("67108864")
            .Describe("A batch is cut when its events reach this many bytes"));
  s.Add(OptionSpec("pipeline.max_event_bytes")
            .Env("MAX_EVENT_BYTES")
            .Flag("--max-event-bytes")
            .Int(1024, int64_t{1} << 32)
            .Default("67108864")
            .Describe("Larger events go to the dead-letter location instead of the data"));
  s.Add(OptionSpec("pipeline.heartbeat_interval_ms")
            .Env("HEARTBEAT_INTERVAL_MS")
            .Flag("--heartbeat-interval-ms")
            .DurationMs(100, 3'600'000)
            .Default("5000")
            .Describe("How often a quiet stream checkpoints its postBatchResumeToken"));
  s.Add(OptionSpec("pipeline.on_stream_failure")
            .Env("ON_STREAM_FAILURE")
            .Flag("--on-stream-failure")
            .Enum({"exit", "restart"})
            .Default("exit")
            .Describe("A stream that fails: exit non-zero, or restart it from its checkpoint "
                      "with backoff"));
  s.Add(OptionSpec("pipeline.shutdown_timeout_ms")
            .Env("SHUTDOWN_TIMEOUT_MS")
            .Flag("--shutdown-timeout-ms")
            .DurationMs(100, 3'600'000)
            .Default("30000")
            .Describe("SIGTERM drains and checkpoints within this time, then exits non-zero"));
  s.Add(OptionSpec("destination.partition_by")
            .Env("PARTITION_BY")
            .Flag("--partition-by")
            .Enum({"event_time", "processing_time"})
            .Default("event_time")
            .Describe("Time used for date partitions in keys: the event's cluster time or the "
                      "time the batch was cut"));
  s.Add(OptionSpec("destination.json_mode")
            .Env("JSON_MODE")
            .Flag("--json-mode")
            .Enum({"relaxed", "canonical"})
            .Default("relaxed")
            .Describe("MongoDB Extended JSON flavour of documents in every format"));

  // Destination.
  s.Add(OptionSpec("destination.url")
            .Env("DESTINATION_URL")
            .Flag("--destination-url")
            .Uri()
            .Describe("Where batches go: s3://bucket/prefix or file:///path; when unset, the "
                      "s3.* options are used"));
  s.Add(OptionSpec("destination.format")
            .Env("FORMAT")
            .Flag("--format")
            .Enum({"json", "csv", "parquet", "avro"})
            .Default("json")
            .Describe("Output format (json = JSON Lines)"));
  s.Add(OptionSpec("destination.compression")
            .Env("COMPRESSION")
            .Flag("--compression")
            .Enum({"none", "gzip", "zstd", "snappy"})
            .Describe("Compression of output objects (json, csv: none, gzip, zstd), of Avro "
                      "blocks (also snappy) or of Parquet pages (also snappy); default none, "
                      "snappy for parquet"));
  s.Add(OptionSpec("destination.parquet_schema")
            .Env("PARQUET_SCHEMA")
            .Flag("--parquet-schema")
            .Enum({"events", "infer"})
            .Default("events")
            .Describe("Parquet columns: the fixed change-event columns, or those plus one typed "
                      "column per top-level field of the batch's full documents (doc_<name>)"));
  s.Add(OptionSpec("destination.parquet_row_group_bytes")
            .Env("PARQUET_ROW_GROUP_BYTES")
            .Flag("--parquet-row-group-bytes")
            .Int(4096, int64_t{1} << 32)
            .Default("134217728")
            .Describe("A Parquet row group is cut when its column chunks reach this many bytes"));
  s.Add(OptionSpec("destination.parquet_page_bytes")
            .Env("PARQUET_PAGE_BYTES")
            .Flag("--parquet-page-bytes")
            .Int(1024, int64_t{1} << 30)
            .Default("1048576")
            .Describe("A Parquet data page is cut when its values reach this many bytes"));
  s.Add(OptionSpec("destination.key_strategy")
            .Env("KEY_STRATEGY")
            .Flag("--key-strategy")
            .Enum({"hive", "date_hour", "date", "collection", "flat"})
            .Default("date_hour")
            .Describe("Layout of object keys (hive = collection=/year=/month=/day=/hour=)"));
  s.Add(OptionSpec("s3.bucket")
            .Env("S3_BUCKET")
            .Flag("--s3-bucket")
            .String()
            .ValueName("NAME")
            .Describe("S3 bucket"));
  s.Add(OptionSpec("s3.region")
            .Env("AWS_REGION")
            .Flag("--aws-region")
            .String()
            .Default("us-east-1")
            .ValueName("REGION")
            .Describe("AWS region of the bucket"));
  s.Add(OptionSpec("s3.prefix")
            .Env("S3_PREFIX")
            .Flag("--s3-prefix")
            .String()
            .Default("")
            .ValueName("PREFIX")
            .Describe("Key prefix inside the bucket"));
  s.Add(OptionSpec("s3.endpoint_url")
            .Env("S3_ENDPOINT_URL")
            .Flag("--s3-endpoint-url")
            .Uri()
            .Describe("S3-compatible endpoint (MinIO, Ceph); unset uses AWS"));
  s.Add(OptionSpec("s3.force_path_style")
            .Env("S3_FORCE_PATH_STYLE")
            .Flag("--s3-force-path-style")
            .Bool()
            .Default("false")
            .Describe("Address buckets as endpoint/bucket instead of bucket.endpoint"));

  // State.
  s.Add(OptionSpec("state.url")
            .Env("STATE_STORE_URL")
            .Flag("--state-store-url")
            .Uri()
            .Describe("Where resume tokens and batch manifests are kept: file:///abs/path, "
                      "memory: (nothing survives a restart) or redis://...; unset: REDIS_URL if "
                      "set, else file:///var/lib/rigatoni"));
  s.Add(OptionSpec("redis.url")
            .Env("REDIS_URL")
            .Flag("--redis-url")
            .Uri()
            .Describe("Redis for state and distributed locks (redis:// or rediss://); the "
                      "password is masked in all output"));

  // Operations.
  s.Add(OptionSpec("admin.bind_address")
            .Env("ADMIN_BIND_ADDRESS")
            .Flag("--admin-bind-address")
            .String()
            .Default("0.0.0.0:8080")
            .ValueName("HOST:PORT")
            .Validate(core::CheckHostPort, std::string(core::kHostPortForm))
            .Describe("Address of the /health, /ready and /metrics HTTP server"));
  core::AddLoggingOptions(s, "cdc");
  return s;
}

}  // namespace rigatoni
