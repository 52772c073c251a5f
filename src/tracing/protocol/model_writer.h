// Writers of the protocol's data types (TraceEvent, FlowTrace and their parts) as compact JSON,
// byte-identical to serde_json's output for the reference types: fields in declaration order,
// Option as null, lower-case hyphenated UUIDs, chrono's RFC 3339, ryu's floats. Streaming
// (core::JsonWriter), no DOM. The storage layer keeps events, versions, statuses and metadata as
// this canonical JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json_writer.h"
#include "tracing/protocol/flow_trace.h"
#include "tracing/protocol/messages.h"
#include "tracing/protocol/trace_event.h"
#include "tracing/protocol/uuid.h"

namespace tracing::protocol {

// Append one value to *out.
void AppendJson(const TraceEvent& event, std::string* out);
void AppendJson(const FlowTrace& trace, std::string* out);
void AppendJson(const FlowVersion& version, std::string* out);
void AppendJson(const ExecutionStatus& status, std::string* out);
void AppendJson(const TraceMetadata& metadata, std::string* out);

// Write one value inside a document being written (e.g. a FlowTrace assembled from stored parts).
void WriteJson(core::JsonWriter& w, const TraceEvent& event);
void WriteJson(core::JsonWriter& w, const FlowTrace& trace);
void WriteJson(core::JsonWriter& w, const FlowVersion& version);
void WriteJson(core::JsonWriter& w, const ExecutionStatus& status);
void WriteJson(core::JsonWriter& w, const TraceMetadata& metadata);
void WriteJson(core::JsonWriter& w, const EventType& type);

// Building blocks: one JSON value each, in the protocol's formats.
namespace json {
void WriteUuid(core::JsonWriter& w, const Uuid& id);
void WriteTime(core::JsonWriter& w, int64_t unix_nanos);
void WriteF64(core::JsonWriter& w, double v);
void WriteF32(core::JsonWriter& w, float v);
void WriteOptString(core::JsonWriter& w, const std::optional<std::string>& s);
void WriteOptU64(core::JsonWriter& w, const std::optional<uint64_t>& v);
void WriteBytes(core::JsonWriter& w, const std::vector<uint8_t>& bytes);
void WriteTimeRange(core::JsonWriter& w, const std::optional<std::pair<int64_t, int64_t>>& range);
void WriteTraceQuery(core::JsonWriter& w, const TraceQuery& query);
void WriteEventQuery(core::JsonWriter& w, const EventQuery& query);
void WriteFilters(core::JsonWriter& w, const SubscriptionFilters& filters);
}  // namespace json

}  // namespace tracing::protocol
