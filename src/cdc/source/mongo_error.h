// Classifies libmongoc errors into core::Status codes, so retry decisions rest on typed codes
// (network, not-primary, CursorNotFound ... are retryable; ChangeStreamHistoryLost and
// ChangeStreamFatalError are not) and never on message text.
#pragma once

#include <bson/bson.h>

#include <cstdint>

#include "core/status.h"

namespace cdc {

// Server error codes the change-stream paths care about.
inline constexpr int32_t kCursorNotFound = 43;
inline constexpr int32_t kInvalidResumeToken = 260;
inline constexpr int32_t kChangeStreamFatalError = 280;
inline constexpr int32_t kChangeStreamHistoryLost = 286;

struct MongoError {
  core::Status status;      // retryable() says whether resuming from the last token may work
  int32_t server_code = 0;  // the server's error code, 0 for client/network errors
};

// `reply` may be null. The message names the server code and codeName when there is one:
// "ChangeStreamHistoryLost (286): Resume of change stream was not possible ...".
MongoError ClassifyMongoError(const bson_error_t& error, const bson_t* reply);

// True for server codes the change-stream spec lists as resumable (and for any error reply
// carrying the ResumableChangeStreamError label).
bool IsResumableServerCode(int32_t code);

}  // namespace cdc
