// StateStore: where rigatoni keeps, per stream, the resume-token checkpoint and the manifests of
// batches in flight. One interface, several stores (memory, file, redis); all pass the same
// conformance suite (tests/cdc/state_store_conformance.h).
//
// Contract:
//  - SaveManifest() is called BEFORE a batch's object is written; SaveCheckpoint() only AFTER
//    every batch up to checkpoint.sequence is durable. Both are durable when they return OK.
//  - SaveCheckpoint() also forgets manifests with sequence <= checkpoint.sequence.
//  - After a crash, LoadCheckpoint() + LoadManifests() tell the pipeline where to resume and
//    which batches to re-cut identically (same boundaries, same object keys).
//  - Methods are thread-safe. Errors are typed: Unavailable (retry later) vs the rest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace cdc {

// A batch about to be written: enough to cut it again identically after a crash.
struct BatchManifest {
  uint64_t sequence = 0;    // 1, 2, 3 ... per stream, in source order
  std::string start_after;  // resume token (BSON bytes) before the batch; empty = unknown
  std::string last_token;   // resume token (BSON bytes) of the batch's last event
  uint64_t event_count = 0;
  int64_t partition_time_s = 0;  // the time its keys are partitioned by (fixed at first cut)
  std::string object_key;        // the batch's first object key (informational)
  friend bool operator==(const BatchManifest&, const BatchManifest&) = default;
};

struct StreamCheckpoint {
  std::string token;          // resume token (BSON bytes) to resume after
  uint64_t sequence = 0;      // the last batch covered (0: none yet, e.g. a quiet stream)
  int64_t updated_at_ms = 0;  // wall clock of the save, for the resume-token-age metric
  friend bool operator==(const StreamCheckpoint&, const StreamCheckpoint&) = default;
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  virtual core::Result<std::optional<StreamCheckpoint>> LoadCheckpoint(std::string_view stream) = 0;
  virtual core::Status SaveCheckpoint(std::string_view stream, const StreamCheckpoint& cp) = 0;

  // Adds or replaces (same sequence) a manifest.
  virtual core::Status SaveManifest(std::string_view stream, const BatchManifest& m) = 0;
  // Manifests not yet covered by the checkpoint, sorted by sequence.
  virtual core::Result<std::vector<BatchManifest>> LoadManifests(std::string_view stream) = 0;

  // For logs and --check-config: "memory:", "file:///var/lib/rigatoni" (no secrets).
  virtual std::string Describe() const = 0;
};

}  // namespace cdc
