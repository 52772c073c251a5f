// Resume tokens: {_data: "<hex>"} strings whose lexical order is the oplog order.
//
// Layout (fixed-width, upper-case hex): "82" | cluster time seconds (8) | increment (8) |
// oplog sequence number (16) | kind (2) | fragment (4). Kind orders the tokens that share one
// oplog entry: the entry's event, then an invalidate derived from it, then a high-water mark
// ("everything up to and including this entry was scanned").
#pragma once

#include <bson/bson.h>

#include <cstdint>
#include <string>

#include "core/status.h"
#include "oplog.h"

namespace mongosim {

enum class TokenKind : uint8_t { kEvent = 1, kInvalidate = 2, kHighWaterMark = 3 };

struct ResumePosition {
  Timestamp ts;
  uint64_t seq = 0;  // oplog sequence number of the entry (0: before the first entry)
  TokenKind kind = TokenKind::kHighWaterMark;
  uint16_t fragment = 0;  // index of a $changeStreamSplitLargeEvent fragment
};

std::string EncodeTokenData(const ResumePosition& pos);

// Appends {_data: "<hex>"} under `key`.
void AppendResumeToken(bson_t& out, const char* key, const ResumePosition& pos);

// Decodes a token document. Errors carry the exact text drivers surface (code 260 by callers).
core::Result<ResumePosition> DecodeResumeToken(const bson_t& token);

}  // namespace mongosim
