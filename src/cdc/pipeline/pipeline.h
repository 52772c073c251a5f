// Pipeline: rigatoni's whole data path for one set of change streams.
//
//   reader thread per stream (ChangeStreamReader -> BatchCutter)
//     -> bounded queue of batches (CHANNEL_BUFFER_SIZE events; reading pauses when full)
//     -> NUM_WORKERS writer threads (BatchWriter: encode, manifest, put with retries)
//     -> Checkpointer per stream (token advances over the contiguous durable prefix)
//
// Failure policy: a stream that fails (fatal change-stream error, retries exhausted) either stops
// the pipeline (kExit, default: Wait() returns the error and the process exits non-zero) or is
// restarted from its last checkpoint after its in-flight batches drain (kRestart, with backoff).
// A batch that cannot be written after its retries always stops the pipeline: nothing is
// skipped. /health reports the truth in every case.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cdc/pipeline/batch_cutter.h"
#include "cdc/pipeline/batch_writer.h"
#include "cdc/pipeline/checkpointer.h"
#include "cdc/pipeline/pipeline_metrics.h"
#include "cdc/source/change_stream_options.h"
#include "cdc/source/change_stream_reader.h"
#include "cdc/source/mongo_client_pool.h"
#include "core/bounded_queue.h"
#include "core/health_checks.h"
#include "core/log.h"

namespace cdc {

enum class StreamFailurePolicy { kExit, kRestart };

struct PipelineOptions {
  std::string mongodb_uri;
  std::vector<StreamTarget> targets;
  ChangeStreamOptions stream;
  CutterOptions cutter;
  WriterOptions writer;
  size_t num_workers = 2;
  size_t channel_buffer_size = 1000;  // events waiting for writers, across streams
  std::chrono::milliseconds heartbeat{5000};
  StreamFailurePolicy on_stream_failure = StreamFailurePolicy::kExit;
  core::RetryPolicy restart_backoff{.max_retries = 1 << 30,
                                    .initial_delay = std::chrono::milliseconds(1000),
                                    .max_delay = std::chrono::milliseconds(60000)};
};

// Counters for the progress line and tests.
struct PipelineProgress {
  uint64_t events_read = 0;
  uint64_t batches_written = 0;
  uint64_t events_written = 0;
  uint64_t bytes_written = 0;
  double max_lag_seconds = 0;
  size_t queued_batches = 0;
};

class Pipeline {
 public:
  // Owns the sink and the store. `registry` and `health` must outlive the pipeline.
  static core::Result<std::unique_ptr<Pipeline>> Create(PipelineOptions options,
                                                        std::unique_ptr<ObjectSink> sink,
                                                        std::unique_ptr<StateStore> store,
                                                        core::MetricRegistry& registry,
                                                        core::HealthChecks& health);
  ~Pipeline();

  core::Status Start();
  // Graceful stop: readers stop between events, open batches are cut, writers drain, every
  // durable batch is checkpointed. Returns at once; Wait() blocks until done.
  void RequestStop();
  // Joins everything. Returns the first fatal error (or OK after a clean stop).
  core::Status Wait();

  PipelineProgress Progress() const;

 private:
  struct Stream;
  Pipeline(PipelineOptions options, std::unique_ptr<ObjectSink> sink,
           std::unique_ptr<StateStore> store, core::MetricRegistry& registry,
           core::HealthChecks& health);
  void RunStream(Stream& stream);
  core::Status RunStreamOnce(Stream& stream);
  void RunWriter(size_t index);
  void Fail(const core::Status& status);
  bool Failed() const;

  PipelineOptions options_;
  std::unique_ptr<ObjectSink> sink_;
  std::unique_ptr<StateStore> store_;
  core::MetricRegistry& registry_;
  core::HealthChecks& health_;
  PipelineMetrics metrics_;
  core::Logger log_;
  std::unique_ptr<MongoClientPool> pool_;
  core::BoundedQueue<std::unique_ptr<EventBatch>> queue_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::vector<std::unique_ptr<BatchWriter>> writers_;
  std::vector<std::thread> reader_threads_;
  std::vector<std::thread> writer_threads_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> events_written_{0};

  mutable std::mutex mu_;
  core::Status fatal_;
  std::vector<core::HealthCheckHandle> checks_;
  std::vector<core::CallbackGaugeBinding> gauges_;
};

}  // namespace cdc
