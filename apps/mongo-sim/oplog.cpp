#include "oplog.h"

#include <algorithm>
#include <chrono>

namespace mongosim {

const char* OperationTypeName(OpType op) {
  switch (op) {
    case OpType::kInsert:
      return "insert";
    case OpType::kUpdate:
      return "update";
    case OpType::kReplace:
      return "replace";
    case OpType::kDelete:
      return "delete";
    case OpType::kDrop:
      return "drop";
    case OpType::kRename:
      return "rename";
    case OpType::kDropDatabase:
      return "dropDatabase";
    case OpType::kCreate:
      return "create";
    case OpType::kCreateIndexes:
      return "createIndexes";
    case OpType::kDropIndexes:
      return "dropIndexes";
    case OpType::kModify:
      return "modify";
  }
  return "unknown";
}

int64_t WallClockMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Timestamp Oplog::Now() const {
  auto secs = static_cast<uint32_t>(WallClockMillis() / 1000);
  if (secs > last_ts_.t) return {secs, 1};
  return {last_ts_.t, last_ts_.i + 1};
}

EntryPtr Oplog::Append(OplogEntry entry) {
  entry.seq = next_seq_++;
  entry.ts = Now();
  last_ts_ = entry.ts;
  if (entry.wall_ms == 0) entry.wall_ms = WallClockMillis();
  auto ptr = std::make_shared<const OplogEntry>(std::move(entry));
  entries_.push_back(ptr);
  while (cap_ != 0 && entries_.size() > cap_)
    DropOldest();
  return ptr;
}

void Oplog::DropOldest() {
  truncated_through_ = entries_.front()->ts;
  entries_.pop_front();
}

const EntryPtr* Oplog::At(uint64_t seq) const {
  uint64_t first = FirstRetainedSeq();
  if (seq < first || seq >= next_seq_) return nullptr;
  return &entries_[seq - first];
}

uint64_t Oplog::FirstAtOrAfter(Timestamp ts) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), ts,
                             [](const EntryPtr& e, const Timestamp& t) { return e->ts < t; });
  if (it == entries_.end()) return next_seq_;
  return (*it)->seq;
}

uint64_t Oplog::Truncate(uint64_t keep_last) {
  uint64_t dropped = 0;
  while (entries_.size() > keep_last) {
    DropOldest();
    ++dropped;
  }
  return dropped;
}

}  // namespace mongosim
