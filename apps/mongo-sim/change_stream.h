// Change streams: the parsed `$changeStream` pipeline and the rendering of oplog entries into
// change events shaped as MongoDB 7 documents them.
//
// A ChangeStream is owned by one cursor and used under ServerState's mutex (it reads the catalog
// for fullDocument: "updateLookup").
#pragma once

#include <bson/bson.h>

#include <optional>
#include <string>
#include <vector>

#include "bson_values.h"
#include "catalog.h"
#include "change_stream_spec.h"
#include "command_error.h"
#include "oplog.h"
#include "resume_token.h"

namespace mongosim {

// Largest event (or fragment) a batch may carry: MongoDB's maxBsonObjectSize.
inline constexpr uint32_t kMaxEventBytes = 16 * 1024 * 1024;

// The state of one change-stream cursor: what it watches and how far it has scanned.
class ChangeStream {
 public:
  explicit ChangeStream(ChangeStreamSpec spec) : spec_(std::move(spec)) {}

  // Positions the stream from its start options against `oplog`. Fails with 286
  // ChangeStreamHistoryLost if the start point was truncated, 260 for a resumeAfter invalidate.
  CommandError Open(const Oplog& oplog);

  // Scans entries after the current position and appends matching events to `batch` (an array
  // being built) until `max_events` events, `max_bytes` bytes, or the end of the oplog. Returns
  // the number of events appended in `appended`. After an invalidate the stream is finished().
  CommandError Scan(const Oplog& oplog, Catalog& catalog, bson_t& batch, uint32_t& next_index,
                    size_t max_events, size_t max_bytes, size_t& appended);

  // The postBatchResumeToken: the last event returned or the last entry scanned.
  const ResumePosition& position() const { return position_; }
  bool finished() const { return finished_; }
  const ChangeStreamSpec& spec() const { return spec_; }

 private:
  bool InScope(const OplogEntry& e) const;
  bool Invalidates(const OplogEntry& e) const;
  // True if the main event of `e` is shown by this stream (expanded events need the option).
  bool Visible(const OplogEntry& e) const;
  // Appends the fields of the main event of `e` to `event` (an empty document).
  CommandError RenderEvent(const OplogEntry& e, Catalog& catalog, bson_t& event);
  bool PassesMatch(const bson_t& event) const;

  ChangeStreamSpec spec_;
  ResumePosition position_;
  bool finished_ = false;
};

}  // namespace mongosim
