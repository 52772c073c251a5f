// Object keys for the data lake: where a batch lands, the same for S3 and local directories.
//
// A key is <prefix>/<partition path>/<object name><extension>; the name derives from the batch's
// source position only (the first event's cluster time and a hash of its resume token), never
// from the wall clock alone, so a batch re-cut after a crash overwrites the same key and two
// writers of different batches never collide. Database and collection names are
// percent-encoded (RFC 3986 unreserved characters kept; "." and ".." as %2E), so '/', dots,
// spaces and unicode in names cannot change the path's shape.
//
// Strategies (prefix "events", db "shop", collection "users", partition time
// 2025-01-15 10:30:45 UTC):
//   hive       events/database=shop/collection=users/year=2025/month=01/day=15/hour=10/<name>.jsonl
//   date_hour  events/shop/users/2025/01/15/10/<name>.jsonl   (default)
//   date       events/shop/users/2025/01/15/<name>.jsonl
//   collection events/shop/users/<name>.jsonl
//   flat       events/shop.users_<name>.jsonl
// <name> is 20250115T103045Z-<increment, 10 digits>-<12 hex digits of the token hash>, so names
// sort by source position within a partition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cdc/event/change_event.h"
#include "core/status.h"

namespace cdc {

enum class KeyStrategy { kHive, kDateHour, kDate, kCollection, kFlat };

// "hive", "date_hour", "date", "collection", "flat".
core::Result<KeyStrategy> ParseKeyStrategy(std::string_view s);
std::string_view KeyStrategyName(KeyStrategy s);

// The collection segment used for events that have none (dropDatabase on a database stream).
inline constexpr std::string_view kDatabaseEventsCollection = "_database";

struct ObjectKeyParts {
  std::string_view prefix;  // may be empty; no leading/trailing '/' needed
  std::string_view db;
  std::string_view coll;         // empty -> kDatabaseEventsCollection
  int64_t partition_time_s = 0;  // event (cluster) time or processing time, UTC seconds
  BsonTimestamp first_cluster_time;
  std::string_view first_token;  // BSON bytes of the first event's resume token
  std::string_view extension;    // ".jsonl.zst", ".parquet", ...
};

std::string MakeObjectKey(KeyStrategy strategy, const ObjectKeyParts& parts);

}  // namespace cdc
