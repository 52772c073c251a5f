// ChangeStream: one open MongoDB change stream (libmongoc), collection, database or deployment
// level. Blocking; use it from one thread at a time.
//
// Next() returns complete events (fragments of split large events are reassembled) and keeps
// resume_token() at the position to resume after everything returned so far: the last event's
// `_id`, or the stream's postBatchResumeToken when a wait ended without events, so a quiet
// stream's checkpoint keeps moving with the oplog.
#pragma once

#include <mongoc/mongoc.h>

#include <memory>
#include <optional>
#include <string>

#include "cdc/event/bson_ptr.h"
#include "cdc/event/change_event.h"
#include "cdc/event/split_event_assembler.h"
#include "cdc/source/change_stream_options.h"
#include "cdc/source/mongo_error.h"
#include "core/status.h"

namespace cdc {

class ChangeStream {
 public:
  // Opens the stream; the server's first reply is awaited, so a bad option or a stale token fails
  // here (`*server_code`, when given, receives the server's error code, 0 for none). `client` is
  // borrowed: it must outlive the stream and be used by this thread only.
  static core::Result<std::unique_ptr<ChangeStream>> Open(mongoc_client_t* client,
                                                          const StreamTarget& target,
                                                          const ChangeStreamOptions& options,
                                                          const StartPosition& start,
                                                          int32_t* server_code = nullptr);
  ~ChangeStream();
  ChangeStream(const ChangeStream&) = delete;
  ChangeStream& operator=(const ChangeStream&) = delete;

  // Waits up to max_await_time_ms. Returns the next event (a view valid until the next call),
  // std::nullopt when none arrived in time, or the error (see last_error() for the server code).
  core::Result<std::optional<ChangeEvent>> Next();

  // Resume position after everything returned so far; empty view before the first reply.
  BsonView resume_token() const {
    return {reinterpret_cast<const uint8_t*>(token_.data()), token_.size()};
  }
  const MongoError& last_error() const { return last_error_; }

 private:
  explicit ChangeStream(mongoc_change_stream_t* stream) : stream_(stream) {}
  void SaveToken(BsonView token) { token_.assign(token.bytes()); }
  core::Status CheckError();

  mongoc_change_stream_t* stream_;
  std::string token_;  // bytes of the resume token document; reused, no per-event allocation
  SplitEventAssembler assembler_;
  BsonPtr assembled_;  // storage of the last reassembled event
  MongoError last_error_;
};

// Builds the `pipeline` argument (stages after $changeStream) and the `opts` of the watch call;
// exposed for tests. Fails with InvalidArgument when pipeline_json is not a JSON array of stages.
core::Status BuildWatchArguments(const ChangeStreamOptions& options, const StartPosition& start,
                                 bson_t* pipeline, bson_t* opts);

}  // namespace cdc
