// PipelineMetrics: rigatoni's Prometheus metrics, with the names users of the reference already
// alert on (../shared/REFERENCE.md), as real histograms. Families are registered once; hot paths
// hold references to children and only increment.
#pragma once

#include "core/metric_registry.h"

namespace cdc {

struct PipelineMetrics {
  explicit PipelineMetrics(core::MetricRegistry& registry);

  core::CounterFamily& events_processed;  // {collection, operation}: written to the lake
  core::Counter& events_failed;           // dead-lettered events
  core::Counter& retries;                 // destination write retries
  core::Counter& batches_written;
  core::Counter& write_errors;  // failed destination writes (each attempt)
  core::Counter& bytes_written;
  core::Histogram& batch_size;      // events per batch
  core::Histogram& batch_duration;  // first event received -> batch durable, seconds
  core::Histogram& write_duration;  // one object write, seconds (S3 upload latency)
  core::Histogram& write_bytes;     // object sizes
  // Per-stream lag and resume-token age are callback gauges bound by the Pipeline.
  core::Gauge& active_collections;       // streams running
  core::Gauge& pipeline_status;          // 0 stopped, 1 running, 2 draining, 3 failed
  core::CounterFamily& stream_restarts;  // {stream}: reconnects and restarts
  core::CounterFamily& history_lost;     // {stream}: restarted from now after code 286
};

}  // namespace cdc
