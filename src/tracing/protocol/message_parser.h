// MessageParser: JSON text -> typed Reflow messages, accepting exactly what the reference's serde
// types accept (plus our extensions, see messages.h), with errors that name the field path and
// the problem:
//   RecordEvent.event.timestamp: expected an RFC 3339 string, got 42
//   unknown request variant "Pong2"; expected one of: StartTrace, RecordEvent, ...
// Unknown extra fields are ignored (serde's default); missing Option fields are null.
//
// Thread-safety: none; use one parser per connection (or thread). The parser keeps its simdjson
// buffers between calls, so parsing allocates only what the result holds.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "core/status.h"
#include "tracing/protocol/flow_trace.h"
#include "tracing/protocol/messages.h"
#include "tracing/protocol/trace_event.h"

namespace tracing::protocol {

class MessageParser {
 public:
  // Deepest JSON nesting accepted (custom attributes are arbitrary JSON).
  static constexpr size_t kMaxDepth = 64;

  MessageParser();

  // A client's request. Errors are InvalidArgument (reply with ErrorCode::kInvalidRequest).
  core::Result<Request> ParseRequest(std::string_view json);
  // A server's response (for client libraries and tests).
  core::Result<Response> ParseResponse(std::string_view json);

  // The individual types, as the storage layer keeps them (canonical JSON).
  core::Result<TraceEvent> ParseTraceEvent(std::string_view json);
  core::Result<FlowTrace> ParseFlowTrace(std::string_view json);
  core::Result<FlowVersion> ParseFlowVersion(std::string_view json);
  core::Result<ExecutionStatus> ParseStatus(std::string_view json);
  core::Result<TraceMetadata> ParseMetadata(std::string_view json);

 private:
  core::Result<simdjson::dom::element> ParseDocument(std::string_view json);

  simdjson::dom::parser parser_;
};

}  // namespace tracing::protocol
