// ClassifyMongoError / IsResumableServerCode: retry decisions rest on typed codes, and messages
// name the server's code and codeName.
#include "cdc/source/mongo_error.h"

#include <gtest/gtest.h>
#include <mongoc/mongoc.h>

#include <string>

namespace cdc {
namespace {

bson_error_t Error(uint32_t domain, uint32_t code, const char* message) {
  bson_error_t e;
  bson_set_error(&e, domain, code, "%s", message);
  return e;
}

// A server reply {ok: 0, code, codeName[, errorLabels: [label]]}.
bson_t* Reply(int32_t code, const char* code_name, const char* label = nullptr) {
  bson_t* r =
      BCON_NEW("ok", BCON_INT32(0), "code", BCON_INT32(code), "codeName", BCON_UTF8(code_name));
  if (label != nullptr) {
    bson_t labels;
    BSON_APPEND_ARRAY_BEGIN(r, "errorLabels", &labels);
    BSON_APPEND_UTF8(&labels, "0", label);
    bson_append_array_end(r, &labels);
  }
  return r;
}

struct Case {
  int32_t code;
  const char* code_name;
  const char* label;
  core::ErrorCode expected;
};

TEST(ClassifyMongoError, ServerErrorsByCode) {
  const Case cases[] = {
      {286, "ChangeStreamHistoryLost", nullptr, core::ErrorCode::kDataLoss},
      {280, "ChangeStreamFatalError", nullptr, core::ErrorCode::kFailedPrecondition},
      // Fatal even when a server labels it: the token cannot be resumed from.
      {280, "ChangeStreamFatalError", "ResumableChangeStreamError",
       core::ErrorCode::kFailedPrecondition},
      {260, "InvalidResumeToken", nullptr, core::ErrorCode::kFailedPrecondition},
      {43, "CursorNotFound", nullptr, core::ErrorCode::kUnavailable},
      {91, "ShutdownInProgress", nullptr, core::ErrorCode::kUnavailable},
      {10107, "NotWritablePrimary", nullptr, core::ErrorCode::kUnavailable},
      {2, "BadValue", "ResumableChangeStreamError", core::ErrorCode::kUnavailable},
      {2, "BadValue", "TransientTransactionError", core::ErrorCode::kFailedPrecondition},
      {13, "Unauthorized", nullptr, core::ErrorCode::kPermissionDenied},
      {18, "AuthenticationFailed", nullptr, core::ErrorCode::kPermissionDenied},
      {47, "NoMatchingDocument", nullptr, core::ErrorCode::kFailedPrecondition},
      {10334, "BSONObjectTooLarge", nullptr, core::ErrorCode::kFailedPrecondition},
  };
  for (const Case& c : cases) {
    bson_t* reply = Reply(c.code, c.code_name, c.label);
    const MongoError e = ClassifyMongoError(Error(MONGOC_ERROR_SERVER, c.code, "boom"), reply);
    EXPECT_EQ(e.status.code(), c.expected) << c.code_name << " " << (c.label ? c.label : "");
    EXPECT_EQ(e.server_code, c.code);
    EXPECT_EQ(e.status.message(),
              std::string(c.code_name) + " (" + std::to_string(c.code) + "): boom");
    bson_destroy(reply);
  }
}

TEST(ClassifyMongoError, RetryableFollowsTheTypedCode) {
  bson_t* lost = Reply(286, "ChangeStreamHistoryLost");
  EXPECT_FALSE(ClassifyMongoError(Error(MONGOC_ERROR_SERVER, 286, "x"), lost).status.retryable());
  bson_t* not_found = Reply(43, "CursorNotFound");
  EXPECT_TRUE(
      ClassifyMongoError(Error(MONGOC_ERROR_SERVER, 43, "x"), not_found).status.retryable());
  bson_destroy(lost);
  bson_destroy(not_found);
}

TEST(ClassifyMongoError, ServerErrorWithoutReplyOrCodeName) {
  const MongoError e =
      ClassifyMongoError(Error(MONGOC_ERROR_QUERY, 6, "host unreachable"), nullptr);
  EXPECT_EQ(e.status.code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(e.server_code, 6);
  EXPECT_EQ(e.status.message(), "server error (6): host unreachable");

  const MongoError w =
      ClassifyMongoError(Error(MONGOC_ERROR_WRITE_CONCERN, 64, "waiting for replication"), nullptr);
  EXPECT_EQ(w.server_code, 64);
  EXPECT_EQ(w.status.code(), core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(w.status.message(), "server error (64): waiting for replication");
}

TEST(ClassifyMongoError, ClientSideErrorsByDomain) {
  struct DomainCase {
    uint32_t domain;
    uint32_t code;
    core::ErrorCode expected;
  };
  const DomainCase cases[] = {
      {MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_SOCKET, core::ErrorCode::kUnavailable},
      {MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE,
       core::ErrorCode::kUnavailable},
      {MONGOC_ERROR_CURSOR, MONGOC_ERROR_CURSOR_INVALID_CURSOR, core::ErrorCode::kUnavailable},
      {MONGOC_ERROR_PROTOCOL, MONGOC_ERROR_PROTOCOL_INVALID_REPLY, core::ErrorCode::kUnavailable},
      {MONGOC_ERROR_CLIENT, MONGOC_ERROR_CLIENT_AUTHENTICATE, core::ErrorCode::kPermissionDenied},
      {MONGOC_ERROR_CLIENT, MONGOC_ERROR_CLIENT_TOO_SMALL, core::ErrorCode::kUnavailable},
      {MONGOC_ERROR_COMMAND, MONGOC_ERROR_COMMAND_INVALID_ARG, core::ErrorCode::kInvalidArgument},
      {MONGOC_ERROR_BSON, MONGOC_ERROR_BSON_INVALID, core::ErrorCode::kInternal},
  };
  for (const DomainCase& c : cases) {
    const MongoError e = ClassifyMongoError(Error(c.domain, c.code, "what happened"), nullptr);
    EXPECT_EQ(e.status.code(), c.expected) << "domain " << c.domain << " code " << c.code;
    EXPECT_EQ(e.server_code, 0);
    EXPECT_EQ(e.status.message(), "what happened");
  }
}

TEST(IsResumableServerCode, SpecListedCodesOnly) {
  for (int32_t code : {6, 7, 43, 63, 89, 91, 133, 150, 189, 234, 262, 9001, 10107, 11600, 11602,
                       13388, 13435, 13436}) {
    EXPECT_TRUE(IsResumableServerCode(code)) << code;
  }
  for (int32_t code : {0, 1, 2, 11000, 13, 18, 47, 136, 237, 260, 280, 286, 10334}) {
    EXPECT_FALSE(IsResumableServerCode(code)) << code;
  }
}

}  // namespace
}  // namespace cdc
