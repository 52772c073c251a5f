// Writers of the Reflow messages and their parts as compact JSON, byte-identical to what serde /
// serde_json would write for the reference types: struct fields in declaration order, Option as
// null, ids as lower-case hyphenated UUIDs, times as chrono writes them, f64/f32 as ryu writes
// them. Streaming (core::JsonWriter), no DOM; appends to the caller's string.
//
// Extensions (request_id, RecordEvents, ...) are written only when present, so messages to and
// from old clients are unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "core/status.h"
#include "tracing/protocol/flow_trace.h"
#include "tracing/protocol/messages.h"
#include "tracing/protocol/trace_event.h"

namespace tracing::protocol {

void AppendJson(const Request& request, std::string* out);
void AppendJson(const Response& response, std::string* out);
// The parts the storage layer keeps as canonical JSON.
void AppendJson(const TraceEvent& event, std::string* out);
void AppendJson(const FlowTrace& trace, std::string* out);
void AppendJson(const FlowVersion& version, std::string* out);
void AppendJson(const ExecutionStatus& status, std::string* out);
void AppendJson(const TraceMetadata& metadata, std::string* out);

// The same as values inside a document being written (e.g. a FlowTrace assembled from stored
// parts): each writes exactly one JSON value.
void WriteJson(core::JsonWriter& w, const TraceEvent& event);
void WriteJson(core::JsonWriter& w, const FlowTrace& trace);
void WriteJson(core::JsonWriter& w, const FlowVersion& version);
void WriteJson(core::JsonWriter& w, const ExecutionStatus& status);
void WriteJson(core::JsonWriter& w, const TraceMetadata& metadata);
void WriteJson(core::JsonWriter& w, const EventType& type);

// {"Error":{"message":"...","code":"InvalidRequest"}} (+ "request_id" when given).
void AppendErrorJson(ErrorCode code, std::string_view message,
                     const std::optional<std::string>& request_id, std::string* out);

// The wire error code for a failed operation: InvalidArgument -> InvalidRequest, NotFound ->
// NotFound, Unauthenticated/PermissionDenied -> Unauthorized, Unavailable / ResourceExhausted /
// DeadlineExceeded / Aborted / DataLoss -> StorageError, everything else -> InternalError.
ErrorCode ErrorCodeFor(const core::Status& status);

}  // namespace tracing::protocol
