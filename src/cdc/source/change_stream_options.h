// What to watch and how: the options of one MongoDB change stream, as rigatoni's configuration
// names them. Parsing functions return InvalidArgument naming the option, the value and the
// allowed words.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "cdc/event/bson_ptr.h"
#include "cdc/event/change_event.h"
#include "core/retry_policy.h"
#include "core/status.h"

namespace cdc {

enum class WatchLevel { kCollection, kDatabase, kDeployment };
enum class FullDocumentMode { kDefault, kUpdateLookup, kWhenAvailable, kRequired };
enum class PreImageMode { kOff, kWhenAvailable, kRequired };
// What to do when the stored resume token is older than the oplog (ChangeStreamHistoryLost).
enum class HistoryLostPolicy { kFail, kRestartFromNow };

core::Result<WatchLevel> ParseWatchLevel(std::string_view s);  // collection|database|deployment
core::Result<FullDocumentMode> ParseFullDocumentMode(
    std::string_view s);                                           // default|updateLookup|...
core::Result<PreImageMode> ParsePreImageMode(std::string_view s);  // off|whenAvailable|required
core::Result<HistoryLostPolicy> ParseHistoryLostPolicy(std::string_view s);  // fail|restart
std::string_view FullDocumentModeName(FullDocumentMode m);
std::string_view PreImageModeName(PreImageMode m);

// One stream's scope. For kCollection both db and coll are set; for kDatabase only db.
struct StreamTarget {
  WatchLevel level = WatchLevel::kCollection;
  std::string db;
  std::string coll;

  // "db.coll", "db" or "<deployment>": used in logs, metrics and state-store keys.
  std::string Name() const;
};

// Where a stream starts when it is opened.
struct StartPosition {
  enum class Kind { kNow, kResumeAfter, kStartAfter, kStartAtOperationTime };
  Kind kind = Kind::kNow;
  BsonPtr token;       // for kResumeAfter / kStartAfter: the resume token document
  BsonTimestamp time;  // for kStartAtOperationTime

  static StartPosition Now() { return {}; }
  static StartPosition ResumeAfter(const bson_t* token);
  static StartPosition StartAfter(const bson_t* token);
  static StartPosition AtOperationTime(BsonTimestamp t);
};

struct ChangeStreamOptions {
  // Extra aggregation stages after $changeStream, as a canonical/relaxed Extended JSON array,
  // e.g. [{"$match": {"operationType": {"$in": ["insert", "update"]}}}]. Empty for none.
  std::string pipeline_json;
  FullDocumentMode full_document = FullDocumentMode::kDefault;
  PreImageMode full_document_before_change = PreImageMode::kOff;
  bool show_expanded_events = false;
  // Append $changeStreamSplitLargeEvent so events over 16 MB arrive as fragments (reassembled
  // by the reader). Needs MongoDB 7.0 / 6.0.9.
  bool split_large_events = false;
  int32_t batch_size = 0;  // 0 = server default
  int64_t max_await_time_ms = 1000;
  HistoryLostPolicy on_history_lost = HistoryLostPolicy::kFail;
  // Reconnect backoff after libmongoc's own single resume attempt failed (reference defaults:
  // 100 ms .. 30 s, jitter 0.1); retries forever by default.
  core::RetryPolicy reconnect{.max_retries = std::numeric_limits<int>::max(),
                              .initial_delay = std::chrono::milliseconds(100),
                              .max_delay = std::chrono::milliseconds(30000),
                              .multiplier = 2.0,
                              .jitter = 0.1};
};

}  // namespace cdc
