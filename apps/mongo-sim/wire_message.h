// MongoDB wire protocol framing: the 16-byte header, OP_MSG (sections kind 0 and 1), and the legacy
// OP_QUERY request / OP_REPLY answer that drivers use for their first handshake.
#pragma once

#include <bson/bson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mongosim {

inline constexpr int32_t kOpReply = 1;
inline constexpr int32_t kOpQuery = 2004;
inline constexpr int32_t kOpCompressed = 2012;
inline constexpr int32_t kOpMsg = 2013;

inline constexpr uint32_t kMsgChecksumPresent = 1u << 0;
inline constexpr uint32_t kMsgMoreToCome = 1u << 1;
inline constexpr uint32_t kMsgExhaustAllowed = 1u << 16;

// Largest message we accept (the maxMessageSizeBytes we advertise).
inline constexpr int32_t kMaxMessageBytes = 48000000;

struct MessageHeader {
  int32_t length = 0;
  int32_t request_id = 0;
  int32_t response_to = 0;
  int32_t op_code = 0;
};

// A decoded request. `command` owns a BSON document holding the command body with every kind-1
// document sequence of an OP_MSG appended as an array field named by its identifier, so command
// handlers see one document. For OP_QUERY, the query ($query unwrapped) and `$db` taken from the
// full collection name ("admin.$cmd").
struct Request {
  MessageHeader header;
  uint32_t flags = 0;  // OP_MSG flagBits (0 for OP_QUERY)
  bson_t command = BSON_INITIALIZER;
  bool legacy = false;  // arrived as OP_QUERY: answer with OP_REPLY

  Request() = default;
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
  ~Request() { bson_destroy(&command); }
};

// Parses one whole message (header included, `bytes.size() == header.length`) into `out`.
core::Status ParseRequest(std::string_view bytes, Request& out);

// Serializes `reply` as an OP_MSG (one kind-0 section) answering `response_to`.
std::string EncodeOpMsg(int32_t request_id, int32_t response_to, const bson_t& reply,
                        uint32_t flags = 0);

// The 21-byte OP_MSG header (message header, flagBits, section kind 0) for a body of `body_len`
// bytes; send it followed by the body itself to avoid copying a large reply.
std::string OpMsgPrefix(int32_t request_id, int32_t response_to, uint32_t body_len,
                        uint32_t flags = 0);

// Serializes `reply` as an OP_REPLY with one document answering `response_to`.
std::string EncodeOpReply(int32_t request_id, int32_t response_to, const bson_t& reply);

// Reads the header fields from the first 16 bytes of `bytes`.
MessageHeader DecodeHeader(const uint8_t* bytes);

}  // namespace mongosim
