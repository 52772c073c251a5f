// The oplog: an ordered, capped log of every write, the single source of change streams.
//
// Not thread-safe by itself: ServerState's mutex guards it. Entries are immutable once appended
// and shared (shared_ptr) with cursors that are rendering them.
#pragma once

#include <bson/bson.h>

#include <compare>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "bson_values.h"
#include "document_update.h"

namespace mongosim {

// A BSON Timestamp: seconds since the epoch and an increment within that second.
struct Timestamp {
  uint32_t t = 0;
  uint32_t i = 0;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

enum class OpType {
  kInsert,
  kUpdate,
  kReplace,
  kDelete,
  kDrop,
  kRename,
  kDropDatabase,
  kCreate,
  kCreateIndexes,
  kDropIndexes,
  kModify,
};

const char* OperationTypeName(OpType op);

struct OplogEntry {
  uint64_t seq = 0;  // 1-based, strictly increasing, never reused
  Timestamp ts;      // strictly increasing
  int64_t wall_ms = 0;
  OpType op = OpType::kInsert;
  std::string db;
  std::string coll;  // empty for dropDatabase
  std::string uuid;  // 16 bytes: the collection's UUID
  DocPtr document_key;
  DocPtr post_image;  // insert, replace, update: the document after the write
  DocPtr pre_image;   // update, replace, delete: the document before (kept when images enabled)
  bool images_enabled = false;   // changeStreamPreAndPostImages was on for the collection
  UpdateDescription update;      // kUpdate only
  std::string to_db, to_coll;    // kRename only
  bool drop_target = false;      // kRename only
  DocPtr operation_description;  // create/createIndexes/dropIndexes/modify extras
  DocPtr lsid;                   // session of the command, when it carried one
  int64_t txn_number = -1;       // -1: none
  bool in_transaction = false;   // the write was part of a multi-document transaction
};
using EntryPtr = std::shared_ptr<const OplogEntry>;

class Oplog {
 public:
  // `cap` bounds the number of entries kept (0 = unbounded).
  explicit Oplog(uint64_t cap) : cap_(cap) {}

  // Stamps `entry` with the next sequence number and timestamp, appends it, and drops the oldest
  // entries beyond the cap. Returns the stamped entry.
  EntryPtr Append(OplogEntry entry);

  // The next timestamp of the cluster clock (also used for operationTime of reads).
  Timestamp Now() const;
  Timestamp LastTimestamp() const { return last_ts_; }
  uint64_t LastSeq() const { return next_seq_ - 1; }
  uint64_t FirstRetainedSeq() const { return next_seq_ - entries_.size(); }
  // Timestamp of the newest entry dropped by truncation ({0,0} if none ever was).
  Timestamp TruncatedThrough() const { return truncated_through_; }

  // The entry with sequence number `seq`, or nullptr if it was truncated or does not exist yet.
  const EntryPtr* At(uint64_t seq) const;
  // Sequence number of the first retained entry whose ts >= `ts` (LastSeq()+1 if none).
  uint64_t FirstAtOrAfter(Timestamp ts) const;

  // Drops all but the newest `keep_last` entries. Returns how many were dropped.
  uint64_t Truncate(uint64_t keep_last);
  size_t size() const { return entries_.size(); }

 private:
  void DropOldest();

  uint64_t cap_;
  uint64_t next_seq_ = 1;
  Timestamp last_ts_;
  Timestamp truncated_through_;
  std::deque<EntryPtr> entries_;
};

int64_t WallClockMillis();

}  // namespace mongosim
