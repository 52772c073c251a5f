#include "cdc/pipeline/batch_writer.h"

#include <array>
#include <chrono>
#include <random>
#include <utility>

#include "cdc/event/extended_json.h"
#include "cdc/event/extended_json_text.h"
#include "core/json_writer.h"

namespace cdc {

namespace {

constexpr size_t kOperationTypes = static_cast<size_t>(OperationType::kUnknown) + 1;

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

core::Result<std::unique_ptr<BatchWriter>> BatchWriter::Create(const WriterOptions& options,
                                                               ObjectSink* sink, StateStore* store,
                                                               PipelineMetrics* metrics,
                                                               core::RetryCancelled cancelled) {
  CORE_ASSIGN_OR_RETURN(std::unique_ptr<BatchEncoder> encoder, MakeBatchEncoder(options.encoder));
  return std::unique_ptr<BatchWriter>(
      new BatchWriter(options, sink, store, metrics, std::move(cancelled), std::move(encoder)));
}

BatchWriter::BatchWriter(const WriterOptions& options, ObjectSink* sink, StateStore* store,
                         PipelineMetrics* metrics, core::RetryCancelled cancelled,
                         std::unique_ptr<BatchEncoder> encoder)
    : options_(options),
      sink_(sink),
      store_(store),
      metrics_(metrics),
      cancelled_(std::move(cancelled)),
      encoder_(std::move(encoder)),
      rng_(std::random_device{}()) {}

core::Status BatchWriter::PutWithRetry(const std::string& key, std::string_view bytes,
                                       const ObjectMetadata& metadata) {
  int attempt = 0;
  return core::Retry(
      [&]() -> core::Status {
        if (attempt++ > 0) metrics_->retries.Inc();
        const auto start = std::chrono::steady_clock::now();
        core::Status st = sink_->Put(key, bytes, metadata);
        if (!st.ok()) {
          metrics_->write_errors.Inc();
          return st;
        }
        metrics_->write_duration.Observe(SecondsSince(start));
        metrics_->write_bytes.Observe(static_cast<double>(bytes.size()));
        metrics_->bytes_written.Inc(bytes.size());
        return st;
      },
      options_.retry, core::RealSleeper(), cancelled_, rng_);
}

core::Status BatchWriter::Write(const EventBatch& batch) {
  // Group by namespace in arrival order, leaving out dead letters.
  for (Group& g : groups_)
    g.events.clear();
  size_t used_groups = 0;
  std::vector<std::pair<uint32_t, std::string>> dead = batch.dead_letters;
  size_t next_dead = 0;
  for (uint32_t i = 0; i < batch.size(); ++i) {
    if (next_dead < batch.dead_letters.size() && batch.dead_letters[next_dead].first == i) {
      ++next_dead;
      continue;
    }
    auto event = ChangeEvent::Parse(batch.event(i));
    if (!event.ok()) {
      dead.emplace_back(i, event.status().message());
      continue;
    }
    std::string_view db, coll;
    if (event->ns()) {
      db = event->ns()->db;
      coll = event->ns()->coll;
    } else {
      // No namespace (invalidate): the stream's own, "db.coll" or "db" (database names have no
      // '.'), so the key keeps its database instead of starting with an empty segment.
      db = batch.stream;
      if (const size_t dot = db.find('.'); dot != std::string_view::npos) {
        coll = db.substr(dot + 1);
        db = db.substr(0, dot);
      }
    }
    Group* group = nullptr;
    for (size_t g = 0; g < used_groups; ++g) {
      if (groups_[g].db == db && groups_[g].coll == coll) group = &groups_[g];
    }
    if (group == nullptr) {
      if (used_groups == groups_.size()) groups_.emplace_back();
      group = &groups_[used_groups++];
      group->db.assign(db);
      group->coll.assign(coll);
    }
    group->events.push_back(i);
  }

  // Keys derive from each group's first event; the manifest goes first.
  std::vector<std::string> keys(used_groups);
  for (size_t g = 0; g < used_groups; ++g) {
    auto first = ChangeEvent::Parse(batch.event(groups_[g].events.front()));
    ObjectKeyParts parts;
    parts.prefix = options_.prefix;
    parts.db = groups_[g].db;
    parts.coll = groups_[g].coll;
    parts.partition_time_s = batch.partition_time_s;
    parts.first_cluster_time = first->cluster_time();
    parts.first_token = first->resume_token().bytes();
    parts.extension = encoder_->extension();
    keys[g] = MakeObjectKey(options_.key_strategy, parts);
  }
  BatchManifest manifest;
  manifest.sequence = batch.sequence;
  manifest.start_after = batch.start_after;
  manifest.last_token = batch.last_token;
  manifest.event_count = batch.size();
  manifest.partition_time_s = batch.partition_time_s;
  if (!keys.empty()) manifest.object_key = keys.front();
  CORE_RETURN_IF_ERROR(core::Retry([&] { return store_->SaveManifest(batch.stream, manifest); },
                                   options_.retry, core::RealSleeper(), cancelled_, rng_)
                           .WithContext("save batch manifest"));

  const ObjectMetadata metadata{encoder_->content_type(), encoder_->content_encoding()};
  for (size_t g = 0; g < used_groups; ++g) {
    std::array<uint64_t, kOperationTypes> by_operation{};
    for (uint32_t i : groups_[g].events) {
      auto event = ChangeEvent::Parse(batch.event(i));
      core::Status st = encoder_->Add(*event);
      if (!st.ok()) {
        dead.emplace_back(i, st.message());
        continue;
      }
      ++by_operation[static_cast<size_t>(event->operation_type())];
    }
    CORE_RETURN_IF_ERROR(encoder_->Finish(&object_));
    CORE_RETURN_IF_ERROR(PutWithRetry(keys[g], object_, metadata).WithContext("write " + keys[g]));
    const std::string& coll = groups_[g].coll;
    for (size_t op = 0; op < kOperationTypes; ++op) {
      if (by_operation[op] == 0) continue;
      metrics_->events_processed
          .WithLabels({coll, OperationTypeName(static_cast<OperationType>(op))})
          .Inc(by_operation[op]);
    }
  }
  if (!dead.empty()) CORE_RETURN_IF_ERROR(WriteDeadLetters(batch, dead));
  metrics_->batches_written.Inc();
  metrics_->batch_size.Observe(static_cast<double>(batch.size()));
  metrics_->batch_duration.Observe(SecondsSince(batch.opened_at));
  return core::Status::Ok();
}

core::Status BatchWriter::WriteDeadLetters(
    const EventBatch& batch, const std::vector<std::pair<uint32_t, std::string>>& letters) {
  // One JSON Lines object per batch: {"reason", "stream", "sequence", "event"}; the event as
  // canonical Extended JSON, or its raw bytes as $binary when it cannot be rendered.
  std::string lines;
  for (const auto& [index, reason] : letters) {
    core::JsonWriter w(&lines);
    w.BeginObject().Field("reason", reason).Field("stream", batch.stream);
    w.Field("sequence", static_cast<uint64_t>(batch.sequence)).Key("event").Raw({});
    const BsonView raw = batch.event(index);
    const size_t before = lines.size();
    if (!AppendExtendedJson(raw.data(), raw.size(), JsonMode::kCanonical, &lines).ok()) {
      lines.resize(before);
      lines += "{\"$binary\":{\"base64\":\"";
      AppendBase64(raw.data(), raw.size(), &lines);
      lines += "\",\"subType\":\"00\"}}";
    }
    lines += "}\n";
    metrics_->events_failed.Inc();
  }
  const BsonView first = batch.event(letters.front().first);
  ObjectKeyParts parts;
  const std::string prefix =
      options_.prefix.empty() ? "_dead_letters" : options_.prefix + "/_dead_letters";
  const std::string coll = "batch-" + std::to_string(batch.sequence);
  parts.prefix = prefix;
  parts.db = batch.stream;
  parts.coll = coll;
  parts.partition_time_s = batch.partition_time_s;
  parts.first_token = first.bytes();
  parts.extension = ".jsonl";
  const std::string key = MakeObjectKey(KeyStrategy::kCollection, parts);
  return PutWithRetry(key, lines, {"application/x-ndjson", ""})
      .WithContext("write dead letters " + key);
}

}  // namespace cdc
