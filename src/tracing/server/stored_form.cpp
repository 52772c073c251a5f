#include "tracing/server/stored_form.h"

#include "tracing/protocol/model_writer.h"
#include "tracing/protocol/uuid.h"

namespace tracing::server {

StoredEvent ToStoredEvent(std::string_view trace_id, const protocol::TraceEvent& event) {
  StoredEvent row;
  row.trace_id.assign(trace_id);
  row.event_id = event.event_id.ToString();
  row.timestamp_ns = event.timestamp_ns;
  row.event_type.assign(protocol::EventKindName(event.event_type.kind));
  row.actor_id = event.actor_id;
  protocol::AppendJson(event, &row.json);
  return row;
}

std::string StatusName(const protocol::ExecutionStatus& status) {
  return std::string(protocol::StatusKindName(status.kind));
}

std::string StatusJson(const protocol::ExecutionStatus& status) {
  std::string out;
  protocol::AppendJson(status, &out);
  return out;
}

StoredTrace ToStoredTrace(const protocol::FlowTrace& trace) {
  StoredTrace row;
  row.trace_id = trace.trace_id.ToString();
  row.flow_id = trace.flow_id;
  row.execution_id = trace.execution_id.ToString();
  protocol::AppendJson(trace.version, &row.version_json);
  row.start_time_ns = trace.start_time_ns;
  row.end_time_ns = trace.end_time_ns;
  row.status = StatusName(trace.status);
  row.status_json = StatusJson(trace.status);
  protocol::AppendJson(trace.metadata, &row.metadata_json);
  return row;
}

void WriteFlowTrace(core::JsonWriter& w, const StoredTrace& trace,
                    std::span<const StoredEvent> events) {
  w.BeginObject();
  w.Field("trace_id", trace.trace_id);
  w.Field("flow_id", trace.flow_id);
  w.Field("execution_id", trace.execution_id);
  w.Key("version").Raw(trace.version_json);
  w.Key("start_time");
  protocol::json::WriteTime(w, trace.start_time_ns);
  w.Key("end_time");
  if (trace.end_time_ns) {
    protocol::json::WriteTime(w, *trace.end_time_ns);
  } else {
    w.Null();
  }
  w.Key("status").Raw(trace.status_json);
  w.Key("events").BeginArray();
  for (const StoredEvent& e : events)
    w.Raw(e.json);
  w.EndArray();
  w.Key("metadata").Raw(trace.metadata_json);
  w.EndObject();
}

std::string CanonicalUuid(std::string_view text) {
  std::optional<protocol::Uuid> id = protocol::Uuid::Parse(text);
  return id ? id->ToString() : std::string();
}

}  // namespace tracing::server
