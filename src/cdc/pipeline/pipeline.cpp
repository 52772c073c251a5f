#include "cdc/pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

namespace cdc {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

enum StreamState : int { kStarting, kStreaming, kRestarting, kInvalidated, kFailed, kStopped };

const char* StreamStateName(int s) {
  switch (s) {
    case kStarting:
      return "starting";
    case kStreaming:
      return "streaming";
    case kRestarting:
      return "restarting";
    case kInvalidated:
      return "invalidated";
    case kFailed:
      return "failed";
    default:
      return "stopped";
  }
}

// Forwards a reader's events to the stream's cutter, and counts and logs restarts from "now"
// after ChangeStreamHistoryLost (ON_HISTORY_LOST=restart) in rigatoni_history_lost_total.
class HistoryLostCounter : public ChangeEventSink {
 public:
  HistoryLostCounter(ChangeEventSink& next, core::Counter& counter, const core::Logger& log)
      : next_(next), counter_(counter), log_(log) {}
  core::Status OnEvent(const StreamTarget& target, const ChangeEvent& event) override {
    return next_.OnEvent(target, event);
  }
  core::Status OnQuiet(const StreamTarget& target, BsonView token) override {
    return next_.OnQuiet(target, token);
  }
  void OnHistoryLost(const StreamTarget& target) override {
    counter_.Inc();
    LOG_WARN(log_, {{"stream", target.Name()}},
             "change stream {}: the resume token is no longer in the oplog (code 286); "
             "restarted from now, changes in between are lost",
             target.Name());
    next_.OnHistoryLost(target);
  }

 private:
  ChangeEventSink& next_;
  core::Counter& counter_;
  const core::Logger& log_;
};

}  // namespace

struct Pipeline::Stream {
  StreamTarget target;
  std::string name;
  std::unique_ptr<Checkpointer> checkpointer;
  std::unique_ptr<ChangeStreamReader> reader;
  std::atomic<int> state{kStarting};
  std::atomic<uint64_t> events_read_before{0};  // events of readers replaced by restarts
  std::string last_error;                       // guarded by Pipeline::mu_

  uint64_t events_read() const {
    return events_read_before.load() + (reader ? reader->stats().events.load() : 0);
  }
};

core::Result<std::unique_ptr<Pipeline>> Pipeline::Create(PipelineOptions options,
                                                         std::unique_ptr<ObjectSink> sink,
                                                         std::unique_ptr<StateStore> store,
                                                         core::MetricRegistry& registry,
                                                         core::HealthChecks& health) {
  if (options.targets.empty()) {
    return core::InvalidArgument(
        "no change stream to follow; set MONGODB_DATABASE (and "
        "MONGODB_COLLECTIONS, or WATCH_LEVEL=database|deployment)");
  }
  std::unique_ptr<Pipeline> p(
      new Pipeline(std::move(options), std::move(sink), std::move(store), registry, health));
  CORE_ASSIGN_OR_RETURN(p->pool_, MongoClientPool::Create(p->options_.mongodb_uri, "rigatoni"));
  for (size_t i = 0; i < p->options_.num_workers; ++i) {
    // Retries stop only when the pipeline failed: a graceful stop keeps draining (the shutdown
    // deadline bounds it).
    CORE_ASSIGN_OR_RETURN(
        auto writer, BatchWriter::Create(p->options_.writer, p->sink_.get(), p->store_.get(),
                                         &p->metrics_, [raw = p.get()] { return raw->Failed(); }));
    p->writers_.push_back(std::move(writer));
  }
  return p;
}

Pipeline::Pipeline(PipelineOptions options, std::unique_ptr<ObjectSink> sink,
                   std::unique_ptr<StateStore> store, core::MetricRegistry& registry,
                   core::HealthChecks& health)
    : options_(std::move(options)),
      sink_(std::move(sink)),
      store_(std::move(store)),
      registry_(registry),
      health_(health),
      metrics_(registry),
      log_("pipeline"),
      // Capacity in batches: CHANNEL_BUFFER_SIZE events' worth, at least one batch per writer.
      queue_(std::max<size_t>(
          options_.num_workers,
          options_.channel_buffer_size / std::max<size_t>(1, options_.cutter.batch_size))) {}

Pipeline::~Pipeline() {
  RequestStop();
  (void)Wait();
}

bool Pipeline::Failed() const {
  std::lock_guard lock(mu_);
  return !fatal_.ok();
}

void Pipeline::Fail(const core::Status& status) {
  {
    std::lock_guard lock(mu_);
    if (!fatal_.ok()) return;
    fatal_ = status;
  }
  LOG_ERROR(log_, "pipeline stopping after a fatal error: {}", status.ToString());
  metrics_.pipeline_status.Set(3);
  stop_.store(true);
}

core::Status Pipeline::Start() {
  CORE_RETURN_IF_ERROR(sink_->Check().WithContext("destination " + sink_->Describe()));
  for (const StreamTarget& target : options_.targets) {
    auto s = std::make_unique<Stream>();
    s->target = target;
    s->name = target.Name();
    streams_.push_back(std::move(s));
  }
  // Health: alive unless failed; ready when every stream had a server reply recently.
  checks_.push_back(health_.AddLiveness("pipeline", [this]() -> core::HealthCheckResult {
    std::lock_guard lock(mu_);
    if (!fatal_.ok()) return {false, fatal_.ToString()};
    for (const auto& s : streams_) {
      if (s->state.load() == kFailed) return {false, s->name + ": " + s->last_error};
    }
    return {true, "running"};
  }));
  checks_.push_back(health_.AddReadiness("change_streams", [this]() -> core::HealthCheckResult {
    const int64_t stale_ms = 3 * options_.stream.max_await_time_ms + 10000;
    std::string detail;
    bool ok = true;
    std::lock_guard lock(mu_);
    for (const auto& s : streams_) {
      const int state = s->state.load();
      const int64_t last = s->reader ? s->reader->stats().last_reply_ms.load() : 0;
      const bool fresh = last > 0 && NowMs() - last < stale_ms;
      // An invalidated stream ended cleanly: reported in the detail, but not "not ready".
      if (state != kInvalidated && (state != kStreaming || !fresh)) ok = false;
      if (!detail.empty()) detail += "; ";
      detail += s->name + " " + StreamStateName(state);
    }
    return {ok, detail};
  }));
  for (auto& s : streams_) {
    Stream* raw = s.get();
    gauges_.push_back(registry_
                          .CallbackGauge("rigatoni_change_stream_lag_seconds",
                                         "Wall time minus the cluster time of the stream's "
                                         "last event; 0 when the stream is idle",
                                         {"stream"})
                          .Bind({raw->name}, [this, raw] {
                            std::lock_guard lock(mu_);
                            if (!raw->reader) return 0.0;
                            const auto& st = raw->reader->stats();
                            // Idle (a reply without events since the last event): caught up.
                            if (st.last_reply_ms.load() - st.last_event_ms.load() >
                                2 * options_.stream.max_await_time_ms) {
                              return 0.0;
                            }
                            return static_cast<double>(st.last_event_lag_ms.load()) / 1000.0;
                          }));
    gauges_.push_back(
        registry_
            .CallbackGauge("rigatoni_resume_token_age_seconds",
                           "Seconds since the stream's resume token was last checkpointed",
                           {"stream"})
            .Bind({raw->name}, [this, raw] {
              std::lock_guard lock(mu_);
              if (!raw->checkpointer || raw->checkpointer->last_saved_ms() == 0) return 0.0;
              return static_cast<double>(NowMs() - raw->checkpointer->last_saved_ms()) / 1000.0;
            }));
  }
  gauges_.push_back(
      registry_.CallbackGauge("rigatoni_batch_queue_size", "Batches waiting for a writer")
          .Bind({}, [this] { return static_cast<double>(queue_.size()); }));

  metrics_.pipeline_status.Set(1);
  metrics_.active_collections.Set(static_cast<double>(streams_.size()));
  for (size_t i = 0; i < writers_.size(); ++i) {
    writer_threads_.emplace_back([this, i] { RunWriter(i); });
  }
  for (auto& s : streams_) {
    Stream* raw = s.get();
    reader_threads_.emplace_back([this, raw] { RunStream(*raw); });
  }
  LOG_INFO(log_, "following {} change stream(s) into {} with {} writer(s)", streams_.size(),
           sink_->Describe(), writers_.size());
  return core::Status::Ok();
}

core::Status Pipeline::RunStreamOnce(Stream& s) {
  CORE_ASSIGN_OR_RETURN(std::optional<StreamCheckpoint> cp, store_->LoadCheckpoint(s.name));
  CORE_ASSIGN_OR_RETURN(std::vector<BatchManifest> manifests, store_->LoadManifests(s.name));
  const uint64_t last_sequence = cp ? cp->sequence : 0;
  StartPosition start = StartPosition::Now();
  std::string start_token;
  if (cp && !cp->token.empty()) {
    bson_t token;
    if (!bson_init_static(&token, reinterpret_cast<const uint8_t*>(cp->token.data()),
                          cp->token.size())) {
      return core::Status(core::ErrorCode::kDataLoss,
                          "stored resume token of " + s.name + " is not a BSON document");
    }
    start = StartPosition::ResumeAfter(&token);
    start_token = cp->token;
  }
  if (!manifests.empty() && manifests.front().sequence != last_sequence + 1) {
    LOG_WARN(log_, "{}: pending manifests start at batch {} but the checkpoint is at {}", s.name,
             manifests.front().sequence, last_sequence);
  }
  LOG_INFO(log_, {{"stream", s.name}, {"checkpoint_sequence", static_cast<int64_t>(last_sequence)}},
           "starting {} from {} ({} batch(es) to re-cut)", s.name,
           start_token.empty() ? "now" : "its stored resume token", manifests.size());

  auto fresh_checkpointer =
      std::make_unique<Checkpointer>(store_.get(), s.name, last_sequence, options_.heartbeat);
  Checkpointer* checkpointer = fresh_checkpointer.get();
  BatchCutter cutter(
      s.name, options_.cutter, checkpointer,
      [this, checkpointer](std::unique_ptr<EventBatch> batch) {
        batch->checkpointer = checkpointer;
        return queue_.Push(std::move(batch));
      },
      start_token, last_sequence + 1, std::move(manifests));
  ChangeStreamReader* reader = nullptr;
  {
    // Health checks and gauges read these from other threads.
    std::lock_guard lock(mu_);
    if (s.reader) s.events_read_before += s.reader->stats().events.load();
    s.reader = std::make_unique<ChangeStreamReader>(pool_.get(), s.target, options_.stream);
    s.checkpointer = std::move(fresh_checkpointer);
    reader = s.reader.get();
  }
  s.state.store(kStreaming);
  HistoryLostCounter sink(cutter, metrics_.history_lost.WithLabels({s.name}), log_);
  auto end = reader->Run(std::move(start), sink, stop_);
  // Whatever happened, hand over what was read: it is acknowledged by nothing yet.
  cutter.Flush();
  if (!end.ok()) return end.status();
  if (*end == StreamEnd::kInvalidated) {
    s.state.store(kInvalidated);
    LOG_WARN(log_, {{"stream", s.name}},
             "change stream {} was invalidated (collection dropped or renamed); it has ended",
             s.name);
  }
  return core::Status::Ok();
}

void Pipeline::RunStream(Stream& s) {
  core::Rng rng(std::random_device{}());
  int attempt = 0;
  while (!stop_.load()) {
    core::Status st = RunStreamOnce(s);
    if (st.ok()) break;  // stopped or invalidated
    if (stop_.load() && st.code() == core::ErrorCode::kCancelled) break;
    {
      std::lock_guard lock(mu_);
      s.last_error = st.ToString();
    }
    metrics_.stream_restarts.WithLabels({s.name}).Inc();
    if (options_.on_stream_failure == StreamFailurePolicy::kExit) {
      s.state.store(kFailed);
      Fail(st.WithContext("stream " + s.name));
      break;
    }
    s.state.store(kRestarting);
    LOG_ERROR(log_, {{"stream", s.name}}, "stream {} failed, restarting from its checkpoint: {}",
              s.name, st.ToString());
    // Let this stream's batches in flight finish so the restart sees their manifests settled.
    while (!stop_.load() && s.checkpointer && s.checkpointer->in_flight() > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto delay = options_.restart_backoff.NextDelay(core::Unavailable("restart"), ++attempt, rng);
    const auto until = std::chrono::steady_clock::now() + delay.value_or(std::chrono::seconds(1));
    while (!stop_.load() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  if (s.state.load() == kStreaming || s.state.load() == kRestarting) s.state.store(kStopped);
}

void Pipeline::RunWriter(size_t index) {
  BatchWriter& writer = *writers_[index];
  while (std::optional<std::unique_ptr<EventBatch>> next = queue_.Pop()) {
    std::unique_ptr<EventBatch> batch = std::move(*next);
    if (Failed()) continue;  // drain without writing: the batch is re-read after restart
    core::Status st = writer.Write(*batch);
    if (!st.ok()) {
      Fail(st.WithContext("batch " + std::to_string(batch->sequence) + " of " + batch->stream));
      continue;
    }
    events_written_.fetch_add(batch->size(), std::memory_order_relaxed);
    core::Status cp = batch->checkpointer->OnDurable(batch->sequence);
    if (!cp.ok()) {
      // The batch is durable; the checkpoint save is retried with the next batch or heartbeat.
      LOG_WARN(log_, {{"stream", batch->stream}}, "checkpoint not saved yet: {}", cp.ToString());
    }
  }
}

void Pipeline::RequestStop() {
  if (!stop_.exchange(true)) {
    metrics_.pipeline_status.Set(Failed() ? 3 : 2);
  }
}

core::Status Pipeline::Wait() {
  for (auto& t : reader_threads_) {
    if (t.joinable()) t.join();
  }
  queue_.Close();  // readers are done: writers drain what is queued, then stop
  for (auto& t : writer_threads_) {
    if (t.joinable()) t.join();
  }
  for (auto& s : streams_) {
    if (s->checkpointer) {
      core::Status st = s->checkpointer->Flush();
      if (!st.ok()) LOG_WARN(log_, "final checkpoint of {} failed: {}", s->name, st.ToString());
    }
  }
  reader_threads_.clear();
  writer_threads_.clear();
  std::lock_guard lock(mu_);
  if (fatal_.ok()) metrics_.pipeline_status.Set(0);
  return fatal_;
}

PipelineProgress Pipeline::Progress() const {
  PipelineProgress p;
  std::lock_guard lock(mu_);
  for (const auto& s : streams_) {
    p.events_read += s->events_read();
    if (s->reader) {
      const auto& st = s->reader->stats();
      if (st.last_reply_ms.load() - st.last_event_ms.load() <=
          2 * options_.stream.max_await_time_ms) {
        p.max_lag_seconds =
            std::max(p.max_lag_seconds, static_cast<double>(st.last_event_lag_ms.load()) / 1000.0);
      }
    }
  }
  p.batches_written = static_cast<uint64_t>(metrics_.batches_written.Value());
  p.events_written = events_written_.load();
  p.bytes_written = static_cast<uint64_t>(metrics_.bytes_written.Value());
  p.queued_batches = queue_.size();
  return p;
}

}  // namespace cdc
