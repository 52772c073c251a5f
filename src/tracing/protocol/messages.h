// The Reflow tracing wire messages: every request a client sends and every response the server
// writes, as serde's externally tagged enums (a unit variant is a bare string, "Ping"; the others
// are {"Variant":{...fields in declaration order...}}).
//
// Extensions old clients never see (docs/tracing-protocol.md):
//  - RecordEvents (a batch), EndTrace, QueryEvents requests and their replies.
//  - StartTrace may carry the client's own trace_id (as newer Reflow clients do).
//  - An optional "request_id" as the last field of any struct variant; a reply echoes it (as its
//    last field) only when the request had one, so replies to old clients are byte-identical.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "tracing/protocol/flow_trace.h"
#include "tracing/protocol/trace_event.h"
#include "tracing/protocol/uuid.h"

namespace tracing::protocol {

// QueryTraces' filter; every field is optional (serde: Option<...>).
struct TraceQuery {
  std::optional<std::string> flow_id;
  std::optional<Uuid> execution_id;
  std::optional<std::pair<int64_t, int64_t>> time_range_ns;  // [t0, t1] on the wire
  std::optional<ExecutionStatus> status;
  std::optional<std::string> actor_filter;
  std::optional<uint64_t> limit;
  std::optional<uint64_t> offset;

  friend bool operator==(const TraceQuery&, const TraceQuery&) = default;
};

// Subscribe's filter; a null list means "any".
struct SubscriptionFilters {
  std::optional<std::vector<std::string>> flow_ids;
  std::optional<std::vector<std::string>> actor_ids;
  std::optional<std::vector<EventType>> event_types;
  std::optional<std::vector<ExecutionStatus>> status_filter;

  friend bool operator==(const SubscriptionFilters&, const SubscriptionFilters&) = default;
};

// Extension: event-level query with cursor pagination.
struct EventQuery {
  std::optional<Uuid> trace_id;
  std::optional<std::string> actor_id;
  std::optional<std::vector<EventType>> event_types;
  std::optional<std::pair<int64_t, int64_t>> time_range_ns;
  std::optional<std::string> cursor;
  std::optional<uint64_t> limit;

  friend bool operator==(const EventQuery&, const EventQuery&) = default;
};

// ---- Requests --------------------------------------------------------------------------------

struct StartTrace {
  std::optional<Uuid> trace_id;  // extension: the client's own id (written first when present)
  std::string flow_id;
  FlowVersion version;
  std::optional<std::string> request_id;
  friend bool operator==(const StartTrace&, const StartTrace&) = default;
};
struct RecordEvent {
  Uuid trace_id;
  TraceEvent event;
  std::optional<std::string> request_id;
  friend bool operator==(const RecordEvent&, const RecordEvent&) = default;
};
struct RecordEvents {  // extension
  Uuid trace_id;
  std::vector<TraceEvent> events;
  std::optional<std::string> request_id;
  friend bool operator==(const RecordEvents&, const RecordEvents&) = default;
};
struct EndTrace {  // extension
  Uuid trace_id;
  ExecutionStatus status;
  std::optional<std::string> request_id;
  friend bool operator==(const EndTrace&, const EndTrace&) = default;
};
struct GetTrace {
  Uuid trace_id;
  std::optional<std::string> request_id;
  friend bool operator==(const GetTrace&, const GetTrace&) = default;
};
struct QueryTraces {
  TraceQuery query;
  std::optional<std::string> request_id;
  friend bool operator==(const QueryTraces&, const QueryTraces&) = default;
};
struct QueryEvents {  // extension
  EventQuery query;
  std::optional<std::string> request_id;
  friend bool operator==(const QueryEvents&, const QueryEvents&) = default;
};
struct GetFlowVersions {
  std::string flow_id;
  std::optional<std::string> request_id;
  friend bool operator==(const GetFlowVersions&, const GetFlowVersions&) = default;
};
struct Ping {
  friend bool operator==(const Ping&, const Ping&) = default;
};
struct Subscribe {
  SubscriptionFilters filters;
  // The legacy TraceMessage::Subscribe names the field "filter"; re-serialized as received.
  bool legacy_filter_key = false;
  std::optional<std::string> request_id;
  friend bool operator==(const Subscribe&, const Subscribe&) = default;
};
struct Unsubscribe {
  friend bool operator==(const Unsubscribe&, const Unsubscribe&) = default;
};
struct StoreTrace {  // legacy
  FlowTrace trace;
  std::optional<std::string> request_id;
  friend bool operator==(const StoreTrace&, const StoreTrace&) = default;
};
struct GetMetrics {  // legacy
  friend bool operator==(const GetMetrics&, const GetMetrics&) = default;
};

using Request = std::variant<StartTrace, RecordEvent, RecordEvents, EndTrace, GetTrace, QueryTraces,
                             QueryEvents, GetFlowVersions, Ping, Subscribe, Unsubscribe, StoreTrace,
                             GetMetrics>;

// The variant name ("RecordEvent"), and the request id if the request carries one.
std::string_view RequestName(const Request& request);
const std::optional<std::string>* RequestIdOf(const Request& request);

// ---- Responses -------------------------------------------------------------------------------

enum class ErrorCode : uint8_t {
  kNotFound,
  kInvalidRequest,
  kStorageError,
  kSerializationError,
  kUnauthorized,
  kInternalError,
};
std::string_view ErrorCodeName(ErrorCode code);  // "NotFound", ...
std::optional<ErrorCode> ErrorCodeFromName(std::string_view name);

struct TraceStarted {
  Uuid trace_id;
  std::optional<std::string> request_id;
  friend bool operator==(const TraceStarted&, const TraceStarted&) = default;
};
struct EventRecorded {
  bool success = true;
  std::optional<std::string> error;
  std::optional<std::string> request_id;
  friend bool operator==(const EventRecorded&, const EventRecorded&) = default;
};
struct EventsRecorded {  // extension: reply to RecordEvents
  bool success = true;
  uint64_t count = 0;  // events of the batch now recorded
  std::optional<std::string> error;
  std::optional<std::string> request_id;
  friend bool operator==(const EventsRecorded&, const EventsRecorded&) = default;
};
struct TraceEnded {  // extension: reply to EndTrace
  Uuid trace_id;
  std::optional<std::string> request_id;
  friend bool operator==(const TraceEnded&, const TraceEnded&) = default;
};
struct TraceData {
  std::optional<FlowTrace> trace;
  std::optional<std::string> request_id;
  friend bool operator==(const TraceData&, const TraceData&) = default;
};
struct QueryResults {
  std::vector<FlowTrace> traces;
  uint64_t total_count = 0;
  std::optional<std::string> request_id;
  friend bool operator==(const QueryResults&, const QueryResults&) = default;
};
// One event of EventResults with the trace it belongs to.
struct TracedEvent {
  Uuid trace_id;
  TraceEvent event;
  friend bool operator==(const TracedEvent&, const TracedEvent&) = default;
};
struct EventResults {  // extension: reply to QueryEvents
  std::vector<TracedEvent> events;
  std::optional<std::string> next_cursor;  // null when there are no more
  std::optional<std::string> request_id;
  friend bool operator==(const EventResults&, const EventResults&) = default;
};
struct FlowVersions {
  std::vector<FlowVersion> versions;
  std::optional<std::string> request_id;
  friend bool operator==(const FlowVersions&, const FlowVersions&) = default;
};
struct Pong {
  friend bool operator==(const Pong&, const Pong&) = default;
};
struct EventNotification {
  Uuid trace_id;
  TraceEvent event;
  friend bool operator==(const EventNotification&, const EventNotification&) = default;
};
struct ErrorReply {  // "Error" on the wire
  std::string message;
  ErrorCode code = ErrorCode::kInternalError;
  std::optional<std::string> request_id;
  friend bool operator==(const ErrorReply&, const ErrorReply&) = default;
};
struct TraceStored {  // legacy: reply to StoreTrace
  Uuid trace_id;
  std::optional<std::string> request_id;
  friend bool operator==(const TraceStored&, const TraceStored&) = default;
};
struct Metrics {                 // legacy: reply to GetMetrics
  std::string data_json = "{}";  // any JSON value, canonical text
  friend bool operator==(const Metrics&, const Metrics&) = default;
};

using Response = std::variant<TraceStarted, EventRecorded, EventsRecorded, TraceEnded, TraceData,
                              QueryResults, EventResults, FlowVersions, Pong, EventNotification,
                              ErrorReply, TraceStored, Metrics>;

std::string_view ResponseName(const Response& response);  // "Error" for ErrorReply

}  // namespace tracing::protocol
