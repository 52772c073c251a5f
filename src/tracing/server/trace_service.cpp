#include "tracing/server/trace_service.h"

#include <algorithm>
#include <chrono>

#include "core/json_writer.h"
#include "tracing/protocol/message_writer.h"
#include "tracing/protocol/model_writer.h"
#include "tracing/server/stored_form.h"

namespace tracing::server {
namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Ends a struct variant's body: echoes the request id, closes the body and the envelope.
void Close(core::JsonWriter& w, const std::optional<std::string>& request_id) {
  if (request_id) w.Field("request_id", *request_id);
  w.EndObject().EndObject();
}

const std::optional<std::string> kNoId;

}  // namespace

TraceService::TraceService(TraceStorage& storage, SubscriptionHub& hub,
                           std::function<ServiceStats()> stats)
    : storage_(storage), hub_(hub), stats_(std::move(stats)) {
  protocol::AppendJson(protocol::TraceMetadata{}, &default_metadata_json_);
}

bool TraceService::Handle(const protocol::Request& request, std::string* out) {
  const size_t mark = out->size();
  core::Status st = std::visit(
      [&](const auto& r) -> core::Status {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, protocol::StartTrace>) return StartTrace(r, out);
        if constexpr (std::is_same_v<T, protocol::EndTrace>) return EndTrace(r, out);
        if constexpr (std::is_same_v<T, protocol::StoreTrace>) return StoreTrace(r, out);
        if constexpr (std::is_same_v<T, protocol::GetTrace>) return GetTrace(r, out);
        if constexpr (std::is_same_v<T, protocol::QueryTraces>) return QueryTraces(r, out);
        if constexpr (std::is_same_v<T, protocol::QueryEvents>) return QueryEvents(r, out);
        if constexpr (std::is_same_v<T, protocol::GetFlowVersions>) return FlowVersions(r, out);
        if constexpr (std::is_same_v<T, protocol::Ping>) {
          protocol::AppendJson(protocol::Response(protocol::Pong{}), out);
          return {};
        }
        if constexpr (std::is_same_v<T, protocol::GetMetrics>) {
          Metrics(out);
          return {};
        }
        return core::Internal("request is not handled by TraceService");
      },
      request);
  if (st.ok()) return true;
  out->resize(mark);
  const std::optional<std::string>* id = protocol::RequestIdOf(request);
  protocol::AppendErrorJson(protocol::ErrorCodeFor(st), st.message(), id ? *id : kNoId, out);
  return false;
}

core::Status TraceService::StartTrace(const protocol::StartTrace& r, std::string* out) {
  StoredTrace t;
  const protocol::Uuid id = r.trace_id.value_or(protocol::Uuid::RandomV4());
  t.trace_id = id.ToString();
  t.flow_id = r.flow_id;
  t.execution_id = protocol::Uuid::RandomV4().ToString();
  protocol::AppendJson(r.version, &t.version_json);
  t.start_time_ns = NowNs();
  t.status = "Running";
  t.status_json = "\"Running\"";
  t.metadata_json = default_metadata_json_;
  CORE_RETURN_IF_ERROR(storage_.PutTrace(t));
  hub_.NoteTrace(t.trace_id, t.flow_id, protocol::StatusKind::kRunning);
  protocol::AppendJson(protocol::Response(protocol::TraceStarted{id, r.request_id}), out);
  return {};
}

core::Status TraceService::EndTrace(const protocol::EndTrace& r, std::string* out) {
  const std::string id = r.trace_id.ToString();
  CORE_ASSIGN_OR_RETURN(auto found, storage_.GetTrace(id));
  if (!found) return core::NotFound("trace " + id + " not found");
  StoredTrace t = std::move(found->trace);
  t.status = StatusName(r.status);
  t.status_json = StatusJson(r.status);
  t.end_time_ns = std::max(t.end_time_ns.value_or(0), NowNs());
  CORE_RETURN_IF_ERROR(storage_.PutTrace(t));
  hub_.NoteTrace(id, t.flow_id, r.status.kind);
  protocol::AppendJson(protocol::Response(protocol::TraceEnded{r.trace_id, r.request_id}), out);
  return {};
}

core::Status TraceService::StoreTrace(const protocol::StoreTrace& r, std::string* out) {
  const StoredTrace header = ToStoredTrace(r.trace);
  CORE_RETURN_IF_ERROR(storage_.PutTrace(header));
  if (!r.trace.events.empty()) {
    std::vector<StoredEvent> rows;
    rows.reserve(r.trace.events.size());
    for (const protocol::TraceEvent& e : r.trace.events)
      rows.push_back(ToStoredEvent(header.trace_id, e));
    CORE_RETURN_IF_ERROR(storage_.AppendEvents(rows));
    // AppendEvents may have moved the trace to Failed (ActorFailed); put the header back.
    CORE_RETURN_IF_ERROR(storage_.PutTrace(header));
  }
  hub_.NoteTrace(header.trace_id, header.flow_id, r.trace.status.kind);
  protocol::AppendJson(protocol::Response(protocol::TraceStored{r.trace.trace_id, r.request_id}),
                       out);
  return {};
}

core::Status TraceService::GetTrace(const protocol::GetTrace& r, std::string* out) {
  CORE_ASSIGN_OR_RETURN(auto found, storage_.GetTrace(r.trace_id.ToString()));
  core::JsonWriter w(out);
  w.BeginObject().Key("TraceData").BeginObject().Key("trace");
  if (found) {
    WriteFlowTrace(w, found->trace, found->events);
  } else {
    w.Null();
  }
  Close(w, r.request_id);
  return {};
}

core::Status TraceService::GetTraceJson(const std::string& trace_id, std::string* out) {
  const std::string id = CanonicalUuid(trace_id);
  if (id.empty()) return core::InvalidArgument("trace id \"" + trace_id + "\" is not a UUID");
  CORE_ASSIGN_OR_RETURN(auto found, storage_.GetTrace(id));
  if (!found) return core::NotFound("trace " + id + " not found");
  core::JsonWriter w(out);
  WriteFlowTrace(w, found->trace, found->events);
  return {};
}

core::Status TraceService::WriteTraces(const protocol::TraceQuery& q, core::JsonWriter& w) {
  TraceQuery sq;
  sq.flow_id = q.flow_id;
  if (q.execution_id) sq.execution_id = q.execution_id->ToString();
  if (q.time_range_ns) {
    sq.from_ns = q.time_range_ns->first;
    sq.to_ns = q.time_range_ns->second;
  }
  if (q.status) sq.status = StatusName(*q.status);
  sq.actor_filter = q.actor_filter;
  sq.limit = static_cast<uint32_t>(std::min(q.limit.value_or(kDefaultPage), kMaxPage));
  sq.offset = static_cast<uint32_t>(std::min<uint64_t>(q.offset.value_or(0), UINT32_MAX));
  CORE_ASSIGN_OR_RETURN(TraceQueryResult result, storage_.QueryTraces(sq));
  w.Key("traces").BeginArray();
  for (const StoredTrace& t : result.traces) {
    // The reference returns whole traces, events included.
    CORE_ASSIGN_OR_RETURN(auto full, storage_.GetTrace(t.trace_id));
    if (full) {
      WriteFlowTrace(w, full->trace, full->events);
    } else {
      WriteFlowTrace(w, t, {});  // deleted meanwhile (retention)
    }
  }
  w.EndArray();
  w.Field("total_count", result.total_count);
  return {};
}

core::Status TraceService::QueryTraces(const protocol::QueryTraces& r, std::string* out) {
  const size_t mark = out->size();
  core::JsonWriter w(out);
  w.BeginObject().Key("QueryResults").BeginObject();
  core::Status st = WriteTraces(r.query, w);
  if (!st.ok()) {
    out->resize(mark);
    return st;
  }
  Close(w, r.request_id);
  return {};
}

core::Status TraceService::QueryTracesJson(const protocol::TraceQuery& query, std::string* out) {
  const size_t mark = out->size();
  core::JsonWriter w(out);
  w.BeginObject();
  core::Status st = WriteTraces(query, w);
  if (!st.ok()) {
    out->resize(mark);
    return st;
  }
  w.EndObject();
  return {};
}

core::Status TraceService::WriteEvents(const protocol::EventQuery& q, core::JsonWriter& w) {
  EventQuery sq;
  if (q.trace_id) sq.trace_id = q.trace_id->ToString();
  sq.actor_id = q.actor_id;
  if (q.event_types) {
    for (const protocol::EventType& t : *q.event_types)
      sq.event_types.emplace_back(protocol::EventKindName(t.kind));
  }
  if (q.time_range_ns) {
    sq.from_ns = q.time_range_ns->first;
    sq.to_ns = q.time_range_ns->second;
  }
  sq.cursor = q.cursor.value_or("");
  sq.limit = static_cast<uint32_t>(std::min(q.limit.value_or(kDefaultPage), kMaxPage));
  CORE_ASSIGN_OR_RETURN(EventQueryResult result, storage_.QueryEvents(sq));
  w.Key("events").BeginArray();
  for (const StoredEvent& e : result.events) {
    w.BeginObject().Field("trace_id", e.trace_id).Key("event").Raw(e.json).EndObject();
  }
  w.EndArray();
  w.Key("next_cursor");
  if (result.next_cursor.empty()) {
    w.Null();
  } else {
    w.String(result.next_cursor);
  }
  return {};
}

core::Status TraceService::QueryEvents(const protocol::QueryEvents& r, std::string* out) {
  const size_t mark = out->size();
  core::JsonWriter w(out);
  w.BeginObject().Key("EventResults").BeginObject();
  core::Status st = WriteEvents(r.query, w);
  if (!st.ok()) {
    out->resize(mark);
    return st;
  }
  Close(w, r.request_id);
  return {};
}

core::Status TraceService::QueryEventsJson(const protocol::EventQuery& query, std::string* out) {
  const size_t mark = out->size();
  core::JsonWriter w(out);
  w.BeginObject();
  core::Status st = WriteEvents(query, w);
  if (!st.ok()) {
    out->resize(mark);
    return st;
  }
  w.EndObject();
  return {};
}

core::Status TraceService::FlowVersions(const protocol::GetFlowVersions& r, std::string* out) {
  CORE_ASSIGN_OR_RETURN(std::vector<std::string> versions, storage_.GetFlowVersions(r.flow_id));
  core::JsonWriter w(out);
  w.BeginObject().Key("FlowVersions").BeginObject().Key("versions").BeginArray();
  for (const std::string& v : versions)
    w.Raw(v);
  w.EndArray();
  Close(w, r.request_id);
  return {};
}

void TraceService::Metrics(std::string* out) {
  const ServiceStats s = stats_ ? stats_() : ServiceStats{};
  core::JsonWriter w(out);
  w.BeginObject().Key("Metrics").BeginObject().Key("data").BeginObject();
  w.Field("active_subscriptions", s.active_subscriptions);
  w.Field("connections", s.connections);
  w.Field("events_total", s.events_total);
  w.Key("uptime_seconds");
  protocol::json::WriteF64(w, s.uptime_seconds);
  w.EndObject().EndObject().EndObject();
}

}  // namespace tracing::server
