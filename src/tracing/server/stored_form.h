// StoredForm: the mapping between the protocol's typed messages and the storage layer's rows
// (StoredTrace / StoredEvent keep the canonical JSON of each part), and back to wire JSON.
//
// The storage layer keeps canonical (serde-identical) JSON, so a FlowTrace is written back by
// splicing the stored parts into the FlowTrace field order without re-parsing anything.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "tracing/protocol/flow_trace.h"
#include "tracing/protocol/trace_event.h"
#include "tracing/storage/trace_storage.h"

namespace tracing::server {

// The row of one event of `trace_id` (the event's canonical JSON is written into row.json).
StoredEvent ToStoredEvent(std::string_view trace_id, const protocol::TraceEvent& event);

// The header row of a whole FlowTrace (StoreTrace); its events are stored separately.
StoredTrace ToStoredTrace(const protocol::FlowTrace& trace);

// The variant name of a status ("Failed" for {"Failed":{...}}).
std::string StatusName(const protocol::ExecutionStatus& status);
std::string StatusJson(const protocol::ExecutionStatus& status);

// Writes the FlowTrace JSON of a stored trace and its events (in the given order), byte-identical
// to serde's output for the same FlowTrace.
void WriteFlowTrace(core::JsonWriter& w, const StoredTrace& trace,
                    std::span<const StoredEvent> events);

// The lower-case canonical form of a UUID string, or "" if `text` is not a UUID.
std::string CanonicalUuid(std::string_view text);

}  // namespace tracing::server
