// ChangeEventSink: where a ChangeStreamReader delivers what it reads. Called on the reader's
// thread; blocking in these calls is how backpressure reaches the stream (reading pauses).
#pragma once

#include "cdc/event/bson_view.h"
#include "cdc/event/change_event.h"
#include "cdc/source/change_stream_options.h"
#include "core/status.h"

namespace cdc {

class ChangeEventSink {
 public:
  virtual ~ChangeEventSink() = default;

  // One complete event (split fragments already reassembled). The view is valid only during the
  // call: copy what must outlive it. A non-OK return stops the reader with that status.
  virtual core::Status OnEvent(const StreamTarget& target, const ChangeEvent& event) = 0;

  // A wait ended without events. `token` (the postBatchResumeToken) is a position after every
  // event delivered so far: checkpoint it once those events are durable, so a quiet stream never
  // ages out of the oplog. Valid only during the call.
  virtual core::Status OnQuiet(const StreamTarget& target, BsonView token) = 0;

  // The stream was restarted from "now" after ChangeStreamHistoryLost (policy kRestartFromNow):
  // events between the old token and now are lost. Default: nothing.
  virtual void OnHistoryLost(const StreamTarget& /*target*/) {}
};

}  // namespace cdc
