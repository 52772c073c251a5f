#include "rigatoni/options.h"

#include <string>

#include "core/config_value.h"
#include "core/log_level.h"

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
            .Required()
            .ValueName("NAME")
            .Describe("Database to watch"));
  s.Add(OptionSpec("mongodb.collections")
            .Env("MONGODB_COLLECTIONS")
            .Flag("--mongodb-collections")
            .List()
            .Describe("Collections to watch (comma-separated); empty watches the whole database"));

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
            .Describe("Retries of a failed write before the batch goes to the dead-letter queue"));
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
            .Enum({"none", "gzip", "zstd"})
            .Default("none")
            .Describe("Compression of output objects"));
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
            .Describe("Where resume tokens are kept: file:///path or redis://...; when unset, "
                      "redis.url if set, else memory (nothing survives a restart)"));
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
  s.Add(OptionSpec("logging.level")
            .Env("LOG_LEVEL", {"RUST_LOG"})
            .Flag("--log-level")
            .String()
            .Default("info")
            .ValueName("FILTER")
            .Validate(core::CheckLogFilter,
                      "a level (trace, debug, info, warn, error, off), optionally with "
                      "component=level directives, e.g. \"info,cdc=debug\"")
            .Describe("Log level filter"));
  s.Add(OptionSpec("logging.format")
            .Env("LOG_FORMAT")
            .Flag("--log-format")
            .Enum({"text", "json"})
            .Describe("Log line format; unset: text when the log goes to a terminal, else json"));
  s.Add(OptionSpec("logging.target")
            .Env("LOG_TARGET")
            .Flag("--log-target")
            .Enum({"stderr", "stdout"})
            .Default("stderr")
            .Describe("Stream the log is written to"));
  return s;
}

}  // namespace rigatoni
