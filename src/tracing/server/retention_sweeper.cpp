#include "tracing/server/retention_sweeper.h"

#include "core/log.h"

namespace tracing::server {

RetentionSweeper::RetentionSweeper(TraceStorage& storage, std::chrono::milliseconds retention,
                                   std::chrono::milliseconds interval)
    : storage_(storage), retention_(retention), interval_(interval) {}

void RetentionSweeper::Start() {
  thread_ = std::thread([this] { Run(); });
}

void RetentionSweeper::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

core::Result<uint64_t> RetentionSweeper::SweepOnce() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t cutoff =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now - retention_).count();
  return storage_.DeleteTracesBefore(cutoff);
}

void RetentionSweeper::Run() {
  core::Logger log("retention");
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    core::Result<uint64_t> deleted = SweepOnce();
    if (!deleted.ok()) {
      LOG_WARN(log, "retention sweep failed: {}", deleted.status().ToString());
    } else if (*deleted > 0) {
      LOG_INFO(log, "retention deleted {} traces older than {} s", *deleted,
               std::chrono::duration_cast<std::chrono::seconds>(retention_).count());
    }
    lock.lock();
    cv_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace tracing::server
