#include "reflow-tracing/options.h"

#include <string>

#include "core/config_value.h"
#include "core/logging_options.h"

namespace reflow_tracing {

using core::OptionSpec;

core::ConfigSchema BuildOptionSchema() {
  const std::string host_port(core::kHostPortForm);
  core::ConfigSchema s;
  // [server]
  s.Add(OptionSpec("server.bind_address")
            .Env("TRACING_BIND_ADDRESS", {"REFLOW_TRACING_BIND_ADDRESS"})
            .Flag("--bind-address")
            .String()
            .Default("0.0.0.0:8080")
            .ValueName("HOST:PORT")
            .Validate(core::CheckHostPort, host_port)
            .Describe("Address of the WebSocket and HTTP server (also /health and /ready)"));
  s.Add(OptionSpec("server.max_connections")
            .Env("TRACING_MAX_CONNECTIONS", {"REFLOW_TRACING_MAX_CONNECTIONS"})
            .Flag("--max-connections")
            .Int(1, 1'000'000)
            .Default("1000")
            .Describe("Maximum concurrent client connections; more are refused"));
  s.Add(OptionSpec("server.worker_threads")
            .Env("TRACING_WORKER_THREADS", {"REFLOW_TRACING_WORKER_THREADS"})
            .Flag("--worker-threads")
            .Int(0, 1024)
            .Default("0")
            .Describe("I/O threads; 0 uses one per CPU core"));
  s.Add(OptionSpec("server.keep_alive_timeout")
            .Env("TRACING_KEEP_ALIVE_TIMEOUT", {"REFLOW_TRACING_KEEP_ALIVE_TIMEOUT"})
            .Flag("--keep-alive-timeout")
            .DurationSeconds(1000, 86'400'000)
            .Default("30")
            .Describe("Idle connections are closed after this long (a bare number counts "
                      "seconds)"));

  // [database]
  s.Add(OptionSpec("database.url")
            .Env("TRACING_DATABASE_URL", {"REFLOW_TRACING_DATABASE_URL"})
            .Flag("--database-url")
            .Uri()
            .Default("sqlite://tracing.db")
            .Describe("Trace storage: postgresql://user:pass@host:5432/db, sqlite:///path or "
                      "memory://; the password is masked in all output"));
  s.Add(OptionSpec("database.max_connections")
            .Env("TRACING_DATABASE_MAX_CONNECTIONS", {"REFLOW_TRACING_DATABASE_MAX_CONNECTIONS"})
            .Flag("--database-max-connections")
            .Int(1, 1000)
            .Default("20")
            .Describe("Upper bound of the database connection pool"));
  s.Add(OptionSpec("database.min_connections")
            .Env("TRACING_DATABASE_MIN_CONNECTIONS", {"REFLOW_TRACING_DATABASE_MIN_CONNECTIONS"})
            .Flag("--database-min-connections")
            .Int(0, 1000)
            .Default("5")
            .Describe("Connections kept open when idle"));
  s.Add(OptionSpec("database.connection_timeout")
            .Env("TRACING_DATABASE_CONNECTION_TIMEOUT",
                 {"REFLOW_TRACING_DATABASE_CONNECTION_TIMEOUT"})
            .Flag("--database-connection-timeout")
            .DurationMs(1, 600'000)
            .Default("5000")
            .Describe("Timeout of one connection attempt"));
  s.Add(
      OptionSpec("database.statement_timeout")
          .Env("TRACING_DATABASE_STATEMENT_TIMEOUT", {"REFLOW_TRACING_DATABASE_STATEMENT_TIMEOUT"})
          .Flag("--database-statement-timeout")
          .DurationMs(1, 3'600'000)
          .Default("30000")
          .Describe("Timeout of one statement"));

  // [redis]
  s.Add(OptionSpec("redis.url")
            .Env("TRACING_REDIS_URL", {"REFLOW_TRACING_REDIS_URL"})
            .Flag("--redis-url")
            .Uri()
            .Describe("Redis for cross-replica live events and the trace cache (redis:// or "
                      "rediss://); unset runs a single replica without it"));
  s.Add(OptionSpec("redis.pool_size")
            .Env("TRACING_REDIS_POOL_SIZE", {"REFLOW_TRACING_REDIS_POOL_SIZE"})
            .Flag("--redis-pool-size")
            .Int(1, 1000)
            .Default("10")
            .Describe("Redis connections"));
  s.Add(OptionSpec("redis.connection_timeout")
            .Env("TRACING_REDIS_CONNECTION_TIMEOUT", {"REFLOW_TRACING_REDIS_CONNECTION_TIMEOUT"})
            .Flag("--redis-connection-timeout")
            .DurationMs(1, 600'000)
            .Default("3000")
            .Describe("Timeout of one Redis connection attempt"));

  // [tracing]
  s.Add(OptionSpec("tracing.batch_size")
            .Env("TRACING_BATCH_SIZE", {"REFLOW_TRACING_BATCH_SIZE"})
            .Flag("--batch-size")
            .Int(1, 100'000)
            .Default("100")
            .Describe("Events written to storage per transaction"));
  s.Add(OptionSpec("tracing.batch_timeout_ms")
            .Env("TRACING_BATCH_TIMEOUT_MS", {"REFLOW_TRACING_BATCH_TIMEOUT_MS"})
            .Flag("--batch-timeout-ms")
            .DurationMs(1, 3'600'000)
            .Default("2000")
            .Describe("A batch is written at the latest this long after its first event"));
  s.Add(OptionSpec("tracing.max_event_size")
            .Env("TRACING_MAX_EVENT_SIZE", {"REFLOW_TRACING_MAX_EVENT_SIZE"})
            .Flag("--max-event-size")
            .Int(1, 64 * 1024 * 1024)
            .Default("1048576")
            .ValueName("BYTES")
            .Describe("Largest accepted message in bytes; larger ones are rejected"));
  s.Add(OptionSpec("tracing.compression")
            .Env("TRACING_COMPRESSION", {"REFLOW_TRACING_COMPRESSION"})
            .Flag("--compression")
            .Bool()
            .Default("true")
            .Describe("Offer WebSocket permessage-deflate compression"));

  s.Add(OptionSpec("tracing.ack_mode")
            .Env("TRACING_ACK_MODE", {"REFLOW_TRACING_ACK_MODE"})
            .Flag("--ack-mode")
            .Enum({"persisted", "received"})
            .Default("persisted")
            .Describe("When RecordEvent is acknowledged: persisted = after its batch committed "
                      "(nothing acknowledged is lost), received = when queued"));
  s.Add(OptionSpec("tracing.retention_days")
            .Env("TRACING_RETENTION_DAYS", {"REFLOW_TRACING_RETENTION_DAYS"})
            .Flag("--retention-days")
            .Int(0, 36'500)
            .Default("0")
            .Describe("Traces that started longer ago are deleted in the background; 0 keeps "
                      "everything"));
  s.Add(OptionSpec("tracing.subscriber_queue_size")
            .Env("TRACING_SUBSCRIBER_QUEUE_SIZE", {"REFLOW_TRACING_SUBSCRIBER_QUEUE_SIZE"})
            .Flag("--subscriber-queue-size")
            .Int(1, 1'000'000)
            .Default("1024")
            .Describe("Event notifications queued per subscriber before it counts as slow"));
  s.Add(OptionSpec("tracing.slow_subscriber")
            .Env("TRACING_SLOW_SUBSCRIBER", {"REFLOW_TRACING_SLOW_SUBSCRIBER"})
            .Flag("--slow-subscriber")
            .Enum({"drop", "disconnect"})
            .Default("drop")
            .Describe("A slow subscriber's extra notifications are dropped (counted, and the "
                      "subscriber told) or it is disconnected"));

  // [logging]
  core::AddLoggingOptions(s, "storage");

  // [metrics]
  s.Add(OptionSpec("metrics.enabled")
            .Env("TRACING_METRICS_ENABLED", {"REFLOW_TRACING_METRICS_ENABLED"})
            .Flag("--metrics-enabled")
            .Bool()
            .Default("true")
            .Describe("Serve Prometheus /metrics"));
  s.Add(OptionSpec("metrics.bind_address")
            .Env("TRACING_METRICS_BIND_ADDRESS", {"REFLOW_TRACING_METRICS_BIND_ADDRESS"})
            .Flag("--metrics-bind-address")
            .String()
            .Default("0.0.0.0:9090")
            .ValueName("HOST:PORT")
            .Validate(core::CheckHostPort, host_port)
            .Describe("Address of the /metrics HTTP server"));

  // [auth]
  s.Add(OptionSpec("auth.jwt_secret")
            .Env("JWT_SECRET")
            .String()
            .Secret()
            .ValueName("SECRET")
            .Describe("HS256 key for client JWTs (no flag: command lines are visible to other "
                      "users)"));
  s.Add(OptionSpec("auth.require_auth")
            .Env("TRACING_REQUIRE_AUTH", {"REFLOW_TRACING_REQUIRE_AUTH"})
            .Flag("--require-auth")
            .Bool()
            .Default("false")
            .Describe("Refuse clients without a valid JWT"));
  s.Add(OptionSpec("auth.issuer")
            .Env("TRACING_JWT_ISSUER", {"REFLOW_TRACING_JWT_ISSUER"})
            .Flag("--jwt-issuer")
            .String()
            .Default("reflow-tracing")
            .Describe("Required iss claim"));
  s.Add(OptionSpec("auth.audience")
            .Env("TRACING_JWT_AUDIENCE", {"REFLOW_TRACING_JWT_AUDIENCE"})
            .Flag("--jwt-audience")
            .String()
            .Default("reflow-clients")
            .Describe("Required aud claim"));
  s.Add(OptionSpec("auth.token_expiry")
            .Env("TRACING_TOKEN_EXPIRY", {"REFLOW_TRACING_TOKEN_EXPIRY"})
            .Flag("--token-expiry")
            .DurationSeconds(1000, 365LL * 86'400'000)
            .Default("86400")
            .Describe("Longest accepted token lifetime (a bare number counts seconds)"));
  return s;
}

}  // namespace reflow_tracing
