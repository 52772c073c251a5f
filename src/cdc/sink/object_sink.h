// ObjectSink: a destination for finished batch objects (a local directory, S3). One interface,
// so a new destination is one class.
//
// Contract: Put() returns OK only once the object is durable at `key` (fsync'd file, S3 200
// after the upload completed); a Put of an existing key replaces it whole (the pipeline relies on
// that to re-write a batch after a crash). Readers never see a partial object. Errors are typed:
// retryable codes (Unavailable, DeadlineExceeded, ResourceExhausted) are retried by the
// pipeline; the rest fail the batch with the message. Thread-safe: several Puts run at once.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace cdc {

struct ObjectMetadata {
  std::string_view content_type;      // "application/x-ndjson", "text/csv", ...
  std::string_view content_encoding;  // "gzip", "zstd" or empty
};

class ObjectSink {
 public:
  virtual ~ObjectSink() = default;

  virtual core::Status Put(std::string_view key, std::string_view bytes,
                           const ObjectMetadata& metadata) = 0;

  // Startup check: the destination exists and is writable (a clear error otherwise).
  virtual core::Status Check() = 0;

  // "file:///data/lake", "s3://bucket/prefix": for logs (no secrets).
  virtual std::string Describe() const = 0;
};

}  // namespace cdc
