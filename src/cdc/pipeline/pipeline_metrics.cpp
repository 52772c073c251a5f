#include "cdc/pipeline/pipeline_metrics.h"

namespace cdc {

PipelineMetrics::PipelineMetrics(core::MetricRegistry& r)
    : events_processed(r.Counter("rigatoni_events_processed_total",
                                 "Change events written to the destination",
                                 {"collection", "operation"})),
      events_failed(r.Counter("rigatoni_events_failed_total",
                              "Change events that could not be written and went to the "
                              "dead-letter location")
                        .Get()),
      retries(r.Counter("rigatoni_retries_total", "Destination write retries").Get()),
      batches_written(r.Counter("rigatoni_batches_written_total", "Batches durably written").Get()),
      write_errors(
          r.Counter("rigatoni_destination_write_errors_total", "Failed destination write attempts")
              .Get()),
      bytes_written(r.Counter("rigatoni_destination_written_bytes_total",
                              "Bytes of objects written to the destination")
                        .Get()),
      batch_size(r.Histogram("rigatoni_batch_size", "Events per batch", {},
                             core::ExponentialBuckets(1, 4, 9))
                     .Get()),
      batch_duration(r.Histogram("rigatoni_batch_duration_seconds",
                                 "Time from a batch's first event to its durable write")
                         .Get()),
      write_duration(r.Histogram("rigatoni_destination_write_duration_seconds",
                                 "Duration of one object write to the destination")
                         .Get()),
      write_bytes(r.Histogram("rigatoni_destination_write_bytes", "Size of written objects", {},
                              core::ExponentialBuckets(1024, 4, 10))
                      .Get()),
      active_collections(
          r.Gauge("rigatoni_active_collections", "Change streams being followed").Get()),
      pipeline_status(
          r.Gauge("rigatoni_pipeline_status", "0 stopped, 1 running, 2 draining, 3 failed").Get()),
      stream_restarts(r.Counter("rigatoni_stream_restarts_total",
                                "Change stream reconnects and restarts", {"stream"})),
      history_lost(r.Counter("rigatoni_history_lost_total",
                             "Streams restarted from now after ChangeStreamHistoryLost",
                             {"stream"})) {}

}  // namespace cdc
