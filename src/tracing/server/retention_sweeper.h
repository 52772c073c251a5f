// RetentionSweeper: deletes traces older than a retention period in the background.
//
// Every `interval` it calls TraceStorage::DeleteTracesBefore(now - retention), which deletes in
// small transactions so the ingest writer is never stalled for long. A failure is logged and
// retried at the next interval. Stop() (or the destructor) wakes and joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tracing/storage/trace_storage.h"

namespace tracing::server {

class RetentionSweeper {
 public:
  RetentionSweeper(TraceStorage& storage, std::chrono::milliseconds retention,
                   std::chrono::milliseconds interval);
  ~RetentionSweeper() { Stop(); }
  RetentionSweeper(const RetentionSweeper&) = delete;
  RetentionSweeper& operator=(const RetentionSweeper&) = delete;

  void Start();
  void Stop();
  // Runs one sweep now (on the caller's thread); returns the traces deleted.
  core::Result<uint64_t> SweepOnce();

 private:
  void Run();

  TraceStorage& storage_;
  const std::chrono::milliseconds retention_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tracing::server
