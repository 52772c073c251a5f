// BatchWriter: writes one EventBatch to the lake. Owned by one writer thread (it keeps that
// thread's encoder and buffers warm); the sink and state store are shared.
//
// For a batch it: groups events by namespace (in arrival order), encodes one object per
// namespace, stores the batch's manifest (before any object is written), puts each object with
// retries (jittered backoff on retryable errors only), writes dead letters (oversized events and
// events the encoder rejects) as JSON Lines under <prefix>/_dead_letters/, and only then reports
// the batch durable. Re-writing the same batch produces the same keys and bytes.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cdc/event/change_event.h"
#include "cdc/format/batch_encoder.h"
#include "cdc/pipeline/event_batch.h"
#include "cdc/pipeline/object_key.h"
#include "cdc/pipeline/pipeline_metrics.h"
#include "cdc/sink/object_sink.h"
#include "cdc/state/state_store.h"
#include "core/retry_policy.h"

namespace cdc {

struct WriterOptions {
  EncoderOptions encoder;
  KeyStrategy key_strategy = KeyStrategy::kDateHour;
  std::string prefix;
  core::RetryPolicy retry;
};

class BatchWriter {
 public:
  // `sink`, `store` and `metrics` must outlive the writer. `cancelled` ends retry waits early.
  static core::Result<std::unique_ptr<BatchWriter>> Create(const WriterOptions& options,
                                                           ObjectSink* sink, StateStore* store,
                                                           PipelineMetrics* metrics,
                                                           core::RetryCancelled cancelled);

  // Returns OK once every object of the batch (and its dead letters) is durable.
  core::Status Write(const EventBatch& batch);

 private:
  BatchWriter(const WriterOptions& options, ObjectSink* sink, StateStore* store,
              PipelineMetrics* metrics, core::RetryCancelled cancelled,
              std::unique_ptr<BatchEncoder> encoder);
  core::Status PutWithRetry(const std::string& key, std::string_view bytes,
                            const ObjectMetadata& metadata);
  core::Status WriteDeadLetters(const EventBatch& batch,
                                const std::vector<std::pair<uint32_t, std::string>>& letters);

  WriterOptions options_;
  ObjectSink* sink_;
  StateStore* store_;
  PipelineMetrics* metrics_;
  core::RetryCancelled cancelled_;
  std::unique_ptr<BatchEncoder> encoder_;
  core::Rng rng_;

  // Reused per batch.
  struct Group {
    std::string db;
    std::string coll;
    std::vector<uint32_t> events;
  };
  std::vector<Group> groups_;
  std::vector<ChangeEvent> parsed_;  // by index in the batch; views into the batch's arena
  std::string object_;
};

}  // namespace cdc
