// SplitEventAssembler: reassembles the fragments of an event that $changeStreamSplitLargeEvent
// split (events over 16 MB) into one event.
//
// MongoDB sends fragments 1..N consecutively; each carries `_id` (the fragment's own resume token)
// and `splitEvent {fragment, of}` plus a disjoint subset of the event's top-level fields. The
// reassembled event holds every field in order, without `splitEvent`, and the `_id` of the LAST
// fragment: resuming after it continues after the whole event.
#pragma once

#include <bson/bson.h>

#include <optional>
#include <utility>

#include "cdc/event/bson_ptr.h"
#include "cdc/event/change_event.h"
#include "core/status.h"

namespace cdc {

class SplitEventAssembler {
 public:
  SplitEventAssembler() = default;
  ~SplitEventAssembler() { bson_destroy(&fields_); }

  SplitEventAssembler(const SplitEventAssembler&) = delete;
  SplitEventAssembler& operator=(const SplitEventAssembler&) = delete;

  // Adds one fragment (an event whose split_event() is set). Returns true when it was the last
  // fragment: then TakeEvent() yields the whole event. Fails (DataLoss) when fragments arrive out
  // of order or a new split starts before the previous one completed, naming both positions.
  core::Result<bool> Add(const ChangeEvent& fragment);

  // The reassembled event, after Add() returned true; null otherwise.
  BsonPtr TakeEvent() { return std::move(done_); }

  bool in_progress() const { return next_fragment_ > 1; }

 private:
  bson_t fields_ = BSON_INITIALIZER;  // fields gathered so far, without _id and splitEvent
  int32_t next_fragment_ = 1;
  int32_t total_ = 0;
  BsonPtr done_;
};

}  // namespace cdc
