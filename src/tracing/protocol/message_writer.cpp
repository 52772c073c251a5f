#include "tracing/protocol/message_writer.h"

#include <type_traits>

#include "tracing/protocol/model_writer.h"

namespace tracing::protocol {

namespace {

using core::JsonWriter;
using namespace json;  // NOLINT: the scalar writers of model_writer.h

void WriteRequestId(JsonWriter& w, const std::optional<std::string>& request_id) {
  if (request_id) w.Field("request_id", std::string_view(*request_id));
}

// ---- message bodies (the object inside {"Variant": ...}) ------------------------------------

void WriteBody(JsonWriter& w, const StartTrace& r) {
  if (r.trace_id) {
    w.Key("trace_id");
    WriteUuid(w, *r.trace_id);
  }
  w.Field("flow_id", std::string_view(r.flow_id));
  w.Key("version");
  WriteJson(w, r.version);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const RecordEvent& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  w.Key("event");
  WriteJson(w, r.event);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const RecordEvents& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  w.Key("events").BeginArray();
  for (const TraceEvent& e : r.events)
    WriteJson(w, e);
  w.EndArray();
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const EndTrace& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  w.Key("status");
  WriteJson(w, r.status);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const GetTrace& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const QueryTraces& r) {
  w.Key("query");
  WriteTraceQuery(w, r.query);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const QueryEvents& r) {
  w.Key("query");
  WriteEventQuery(w, r.query);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const GetFlowVersions& r) {
  w.Field("flow_id", std::string_view(r.flow_id));
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const Subscribe& r) {
  w.Key(r.legacy_filter_key ? "filter" : "filters");
  WriteFilters(w, r.filters);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const StoreTrace& r) {
  w.Key("trace");
  WriteJson(w, r.trace);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const TraceStarted& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const EventRecorded& r) {
  w.Field("success", r.success);
  w.Key("error");
  WriteOptString(w, r.error);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const EventsRecorded& r) {
  w.Field("success", r.success);
  w.Field("count", r.count);
  w.Key("error");
  WriteOptString(w, r.error);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const TraceEnded& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const TraceData& r) {
  w.Key("trace");
  if (r.trace) {
    WriteJson(w, *r.trace);
  } else {
    w.Null();
  }
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const QueryResults& r) {
  w.Key("traces").BeginArray();
  for (const FlowTrace& t : r.traces)
    WriteJson(w, t);
  w.EndArray();
  w.Field("total_count", r.total_count);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const EventResults& r) {
  w.Key("events").BeginArray();
  for (const TracedEvent& e : r.events) {
    w.BeginObject();
    w.Key("trace_id");
    WriteUuid(w, e.trace_id);
    w.Key("event");
    WriteJson(w, e.event);
    w.EndObject();
  }
  w.EndArray();
  w.Key("next_cursor");
  WriteOptString(w, r.next_cursor);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const FlowVersions& r) {
  w.Key("versions").BeginArray();
  for (const FlowVersion& v : r.versions)
    WriteJson(w, v);
  w.EndArray();
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const EventNotification& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  w.Key("event");
  WriteJson(w, r.event);
}

void WriteBody(JsonWriter& w, const ErrorReply& r) {
  w.Field("message", std::string_view(r.message));
  w.Field("code", ErrorCodeName(r.code));
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const TraceStored& r) {
  w.Key("trace_id");
  WriteUuid(w, r.trace_id);
  WriteRequestId(w, r.request_id);
}

void WriteBody(JsonWriter& w, const Metrics& r) {
  w.Key("data").Raw(r.data_json);
}

// A unit variant (an empty struct) is its bare name; the others {"Name":{body}}.
template <typename Message>
void WriteTagged(const Message& message, std::string_view name, std::string* out) {
  JsonWriter w(out);
  std::visit(
      [&](const auto& body) {
        if constexpr (std::is_empty_v<std::decay_t<decltype(body)>>) {
          w.String(name);
        } else {
          w.BeginObject().Key(name).BeginObject();
          WriteBody(w, body);
          w.EndObject().EndObject();
        }
      },
      message);
}

}  // namespace

void AppendJson(const Request& request, std::string* out) {
  WriteTagged(request, RequestName(request), out);
}

void AppendJson(const Response& response, std::string* out) {
  WriteTagged(response, ResponseName(response), out);
}

void AppendErrorJson(ErrorCode code, std::string_view message,
                     const std::optional<std::string>& request_id, std::string* out) {
  JsonWriter w(out);
  w.BeginObject().Key("Error").BeginObject();
  w.Field("message", message);
  w.Field("code", ErrorCodeName(code));
  WriteRequestId(w, request_id);
  w.EndObject().EndObject();
}

ErrorCode ErrorCodeFor(const core::Status& status) {
  switch (status.code()) {
    case core::ErrorCode::kInvalidArgument:
    case core::ErrorCode::kOutOfRange:
    case core::ErrorCode::kAlreadyExists:
    case core::ErrorCode::kFailedPrecondition:
      return ErrorCode::kInvalidRequest;
    case core::ErrorCode::kNotFound:
      return ErrorCode::kNotFound;
    case core::ErrorCode::kUnauthenticated:
    case core::ErrorCode::kPermissionDenied:
      return ErrorCode::kUnauthorized;
    case core::ErrorCode::kUnavailable:
    case core::ErrorCode::kResourceExhausted:
    case core::ErrorCode::kDeadlineExceeded:
    case core::ErrorCode::kAborted:
    case core::ErrorCode::kDataLoss:
      return ErrorCode::kStorageError;
    default:
      return ErrorCode::kInternalError;
  }
}

}  // namespace tracing::protocol
