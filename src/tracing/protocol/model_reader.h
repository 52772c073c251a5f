// Readers of the protocol's data types (TraceEvent, FlowTrace, their parts, queries and filters)
// from simdjson DOM elements. Internal to the codec: MessageParser is the public entry point.
#pragma once

#include "core/status.h"
#include "tracing/protocol/flow_trace.h"
#include "tracing/protocol/json_reader.h"
#include "tracing/protocol/messages.h"
#include "tracing/protocol/trace_event.h"

namespace tracing::protocol::json {

core::Status ReadEventType(Element value, const FieldPath& path, EventType* out);
core::Status ReadTraceEvent(Element value, const FieldPath& path, TraceEvent* out);
core::Status ReadFlowVersion(Element value, const FieldPath& path, FlowVersion* out);
core::Status ReadStatus(Element value, const FieldPath& path, ExecutionStatus* out);
core::Status ReadMetadata(Element value, const FieldPath& path, TraceMetadata* out);
core::Status ReadFlowTrace(Element value, const FieldPath& path, FlowTrace* out);
core::Status ReadTraceQuery(Element value, const FieldPath& path, TraceQuery* out);
core::Status ReadEventQuery(Element value, const FieldPath& path, EventQuery* out);
core::Status ReadFilters(Element value, const FieldPath& path, SubscriptionFilters* out);
// [t0, t1]: a JSON array of exactly two RFC 3339 strings.
core::Status ReadTimeRange(Element value, const FieldPath& path, std::pair<int64_t, int64_t>* out);

}  // namespace tracing::protocol::json
