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

#include "core/status.h"
#include "tracing/protocol/messages.h"
#include "tracing/protocol/model_writer.h"

namespace tracing::protocol {

void AppendJson(const Request& request, std::string* out);
void AppendJson(const Response& response, std::string* out);
// {"Error":{"message":"...","code":"InvalidRequest"}} (+ "request_id" when given).
void AppendErrorJson(ErrorCode code, std::string_view message,
                     const std::optional<std::string>& request_id, std::string* out);

// The wire error code for a failed operation: InvalidArgument / OutOfRange / AlreadyExists /
// FailedPrecondition -> InvalidRequest, NotFound -> NotFound, Unauthenticated/PermissionDenied ->
// Unauthorized, Unavailable / ResourceExhausted / DeadlineExceeded / Aborted / DataLoss ->
// StorageError, everything else -> InternalError.
ErrorCode ErrorCodeFor(const core::Status& status);

}  // namespace tracing::protocol
