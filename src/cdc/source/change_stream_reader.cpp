#include "cdc/source/change_stream_reader.h"

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "cdc/source/change_stream.h"
#include "cdc/source/resume_token.h"

namespace cdc {

namespace {

StartPosition ResumeFrom(BsonView token, bool after_invalidate) {
  bson_t t = token.AsBson();
  return after_invalidate ? StartPosition::StartAfter(&t) : StartPosition::ResumeAfter(&t);
}

std::string FormatAge(int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 7200) return std::to_string(seconds / 60) + " min";
  return std::to_string(seconds / 3600) + " h";
}

}  // namespace

core::Status ChangeStreamReader::HistoryLost(const StartPosition& position) const {
  std::string msg = "change stream " + target_.Name() +
                    ": the resume token is no longer in the oplog (ChangeStreamHistoryLost, " +
                    "code 286)";
  std::optional<BsonTimestamp> at;
  if (position.token) at = ResumeTokenClusterTime(BsonView::Of(position.token.get()));
  if (position.kind == StartPosition::Kind::kStartAtOperationTime) at = position.time;
  if (!at && stats_.last_cluster_time_seconds.load() > 0) {
    at = BsonTimestamp{static_cast<uint32_t>(stats_.last_cluster_time_seconds.load()), 0};
  }
  if (at) {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    msg += "; token age " + FormatAge(now - static_cast<int64_t>(at->seconds)) + " (cluster time " +
           std::to_string(at->seconds) + ":" + std::to_string(at->increment) + ")";
  }
  msg +=
      "; changes after it can no longer be read. Restart from now with "
      "on_history_lost = \"restart\" (changes in between are lost) or re-snapshot";
  return core::Status(core::ErrorCode::kDataLoss, std::move(msg));
}

core::Result<StreamEnd> ChangeStreamReader::Run(StartPosition start, ChangeEventSink& sink,
                                                const std::atomic<bool>& stop) {
  auto sleep = [&](std::chrono::milliseconds d) {
    if (sleeper_) return sleeper_(d);
    const auto until = std::chrono::steady_clock::now() + d;
    while (!stop.load() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
          std::chrono::milliseconds(50), std::chrono::duration_cast<std::chrono::milliseconds>(
                                             until - std::chrono::steady_clock::now())));
    }
  };
  core::Rng rng(std::random_device{}());
  MongoClientPool::Lease client = pool_->Pop();
  StartPosition position = std::move(start);
  int failures = 0;

  while (!stop.load()) {
    core::Status error;
    int32_t server_code = 0;
    auto opened = ChangeStream::Open(client.get(), target_, options_, position);
    if (!opened.ok()) {
      error = opened.status();
      // Open() reports the classified error; recover the server code from its message prefix.
      server_code = error.code() == core::ErrorCode::kDataLoss ? kChangeStreamHistoryLost : 0;
    } else {
      std::unique_ptr<ChangeStream> stream = std::move(opened).value();
      bool after_invalidate = false;
      while (!stop.load()) {
        auto next = stream->Next();
        if (!next.ok()) {
          error = next.status();
          server_code = stream->last_error().server_code;
          break;
        }
        failures = 0;
        const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
        stats_.last_reply_ms.store(now_ms, std::memory_order_relaxed);
        if (!next->has_value()) {
          if (stream->resume_token()) {
            CORE_RETURN_IF_ERROR(sink.OnQuiet(target_, stream->resume_token()));
            stats_.quiet_checkpoints.fetch_add(1, std::memory_order_relaxed);
          }
          continue;
        }
        const ChangeEvent& event = **next;
        stats_.events.fetch_add(1, std::memory_order_relaxed);
        stats_.last_cluster_time_seconds.store(event.cluster_time().seconds,
                                               std::memory_order_relaxed);
        stats_.last_event_ms.store(now_ms, std::memory_order_relaxed);
        stats_.last_event_lag_ms.store(now_ms - int64_t{event.cluster_time().seconds} * 1000,
                                       std::memory_order_relaxed);
        CORE_RETURN_IF_ERROR(sink.OnEvent(target_, event));
        if (event.operation_type() == OperationType::kInvalidate) {
          if (target_.level == WatchLevel::kCollection) return StreamEnd::kInvalidated;
          after_invalidate = true;
          break;  // reopen with startAfter the invalidate event
        }
      }
      // Continue exactly after what was delivered.
      if (stream->resume_token()) position = ResumeFrom(stream->resume_token(), after_invalidate);
      if (error.ok()) continue;  // stop requested, or reopening after an invalidate
    }

    if (error.code() == core::ErrorCode::kDataLoss && server_code == kChangeStreamHistoryLost) {
      if (options_.on_history_lost == HistoryLostPolicy::kFail) return HistoryLost(position);
      stats_.history_lost_restarts.fetch_add(1, std::memory_order_relaxed);
      sink.OnHistoryLost(target_);
      position = StartPosition::Now();
      continue;
    }
    if (!error.retryable()) return error.WithContext("change stream " + target_.Name());
    ++failures;
    auto delay = options_.reconnect.NextDelay(error, failures, rng);
    if (!delay) {
      return error.WithContext("change stream " + target_.Name() + ": gave up after " +
                               std::to_string(failures) + " attempts");
    }
    stats_.reconnects.fetch_add(1, std::memory_order_relaxed);
    sleep(*delay);
  }
  return StreamEnd::kStopped;
}

}  // namespace cdc
