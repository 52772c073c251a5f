// EventBatch: a contiguous run of one stream's change events, cut by the BatchCutter and written
// as one or more lake objects (one per namespace) by a BatchWriter.
//
// Events are kept as their raw BSON, back to back in one arena (one copy per event, no
// allocation per event once the arena is warm). Moved between threads by unique_ptr; only one
// thread touches a batch at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cdc/event/bson_view.h"

namespace cdc {

class Checkpointer;

struct EventBatch {
  Checkpointer* checkpointer = nullptr;  // the stream's; outlives every batch it cut
  std::string stream;                    // StreamTarget::Name()
  uint64_t sequence = 0;                 // 1, 2, 3 ... per stream, in source order
  std::string start_after;               // resume token (BSON bytes) just before the first event
  std::string last_token;                // resume token of the last event
  int64_t partition_time_s = 0;
  std::chrono::steady_clock::time_point opened_at;  // first event appended (age cuts, metrics)

  // Raw events.
  std::string arena;
  std::vector<uint32_t> offsets;
  // Indexes of events that must go to the dead-letter location instead, with their reasons.
  std::vector<std::pair<uint32_t, std::string>> dead_letters;

  size_t size() const { return offsets.size(); }
  bool empty() const { return offsets.empty(); }
  size_t bytes() const { return arena.size(); }
  BsonView event(size_t i) const {
    const size_t begin = offsets[i];
    const size_t end = i + 1 < offsets.size() ? offsets[i + 1] : arena.size();
    return {reinterpret_cast<const uint8_t*>(arena.data()) + begin, end - begin};
  }
  void Append(BsonView raw) {
    offsets.push_back(static_cast<uint32_t>(arena.size()));
    arena.append(raw.bytes());
  }
};

}  // namespace cdc
