#include "cdc/source/mongo_error.h"

#include <mongoc/mongoc.h>

#include <string>
#include <string_view>

namespace cdc {

namespace {

std::string_view CodeName(const bson_t* reply) {
  bson_iter_t it;
  if (reply != nullptr && bson_iter_init_find(&it, reply, "codeName") &&
      BSON_ITER_HOLDS_UTF8(&it)) {
    uint32_t len = 0;
    const char* s = bson_iter_utf8(&it, &len);
    return {s, len};
  }
  return {};
}

}  // namespace

bool IsResumableServerCode(int32_t code) {
  switch (code) {
    case 6:      // HostUnreachable
    case 7:      // HostNotFound
    case 43:     // CursorNotFound
    case 63:     // StaleShardVersion
    case 89:     // NetworkTimeout
    case 91:     // ShutdownInProgress
    case 133:    // FailedToSatisfyReadPreference
    case 150:    // StaleEpoch
    case 189:    // PrimarySteppedDown
    case 234:    // RetryChangeStream
    case 262:    // ExceededTimeLimit
    case 9001:   // SocketException
    case 10107:  // NotWritablePrimary
    case 11600:  // InterruptedAtShutdown
    case 11602:  // InterruptedDueToReplStateChange
    case 13388:  // StaleConfig
    case 13435:  // NotPrimaryNoSecondaryOk
    case 13436:  // NotPrimaryOrSecondary
      return true;
    default:
      return false;
  }
}

MongoError ClassifyMongoError(const bson_error_t& error, const bson_t* reply) {
  MongoError out;
  const bool server_error = error.domain == MONGOC_ERROR_SERVER ||
                            error.domain == MONGOC_ERROR_QUERY ||
                            error.domain == MONGOC_ERROR_WRITE_CONCERN;
  std::string message;
  core::ErrorCode code = core::ErrorCode::kInternal;
  if (server_error) {
    out.server_code = static_cast<int32_t>(error.code);
    std::string_view name = CodeName(reply);
    message = std::string(name.empty() ? "server error" : name) + " (" +
              std::to_string(error.code) + "): " + error.message;
    const bool labelled =
        reply != nullptr && mongoc_error_has_label(reply, "ResumableChangeStreamError");
    if (out.server_code == kChangeStreamHistoryLost) {
      code = core::ErrorCode::kDataLoss;
    } else if (out.server_code == kChangeStreamFatalError ||
               out.server_code == kInvalidResumeToken) {
      code = core::ErrorCode::kFailedPrecondition;
    } else if (labelled || IsResumableServerCode(out.server_code)) {
      code = core::ErrorCode::kUnavailable;
    } else if (out.server_code == 13 || out.server_code == 18) {  // Unauthorized, AuthFailed
      code = core::ErrorCode::kPermissionDenied;
    } else {
      code = core::ErrorCode::kFailedPrecondition;
    }
  } else {
    message = error.message;
    switch (error.domain) {
      case MONGOC_ERROR_STREAM:
      case MONGOC_ERROR_SERVER_SELECTION:
      case MONGOC_ERROR_CURSOR:  // e.g. the cursor died with the connection
        code = core::ErrorCode::kUnavailable;
        break;
      case MONGOC_ERROR_CLIENT:
        code = error.code == MONGOC_ERROR_CLIENT_AUTHENTICATE ? core::ErrorCode::kPermissionDenied
                                                              : core::ErrorCode::kUnavailable;
        break;
      case MONGOC_ERROR_PROTOCOL:
        code = core::ErrorCode::kUnavailable;
        break;
      case MONGOC_ERROR_COMMAND:
        code = core::ErrorCode::kInvalidArgument;
        break;
      default:
        code = core::ErrorCode::kInternal;
    }
  }
  out.status = core::Status(code, std::move(message));
  return out;
}

}  // namespace cdc
