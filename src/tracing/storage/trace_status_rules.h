// The rules every TraceStorage backend applies when events are appended, kept in one place so
// memory, SQLite and PostgreSQL agree byte for byte:
//  - a trace first seen through AppendEvents gets a minimal header (MinimalTrace);
//  - an "ActorFailed" event moves a trace that has not ended (Pending/Running) to "Failed" with
//    FailedStatusJson(actor_id); a trace already Completed, Cancelled or Failed keeps its status.
#pragma once

#include <string>
#include <string_view>

#include "tracing/storage/trace_storage.h"

namespace tracing {

inline constexpr std::string_view kActorFailedEventType = "ActorFailed";
inline constexpr std::string_view kFailedStatus = "Failed";
inline constexpr std::string_view kRunningStatus = "Running";
inline constexpr std::string_view kRunningStatusJson = "\"Running\"";

// True for "Completed", "Cancelled" and "Failed".
bool IsFinalStatus(std::string_view status);

// {"Failed":{"error":"actor <actor_id> failed"}}: the storage layer does not parse event JSON,
// so the error names the actor; the event itself (with its error text) is stored alongside.
std::string FailedStatusJson(std::string_view actor_id);

// The header of a trace first seen through AppendEvents: status Running, start_time =
// `start_time_ns` (its earliest event in that batch), empty flow/execution ids and empty
// version/metadata JSON (unknown until a PutTrace replaces the header).
StoredTrace MinimalTrace(std::string_view trace_id, int64_t start_time_ns);

}  // namespace tracing
