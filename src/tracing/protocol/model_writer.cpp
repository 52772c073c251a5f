#include "tracing/protocol/model_writer.h"

#include <cstring>

#include "tracing/protocol/rfc3339.h"
#include "tracing/protocol/serde_float.h"

namespace tracing::protocol {

using core::JsonWriter;

namespace json {

// UUIDs and times need no escaping: they are written quoted, as raw values.
void WriteUuid(JsonWriter& w, const Uuid& id) {
  char buf[38];
  buf[0] = '"';
  const std::array<char, 36> chars = id.Chars();
  std::memcpy(buf + 1, chars.data(), chars.size());
  buf[37] = '"';
  w.Raw(std::string_view(buf, sizeof buf));
}

void WriteTime(JsonWriter& w, int64_t ns) {
  char buf[kRfc3339MaxChars + 2];
  buf[0] = '"';
  const size_t n = FormatRfc3339(ns, buf + 1);
  buf[n + 1] = '"';
  w.Raw(std::string_view(buf, n + 2));
}

void WriteF64(JsonWriter& w, double v) {
  char buf[kSerdeFloatMaxChars];
  w.Raw(std::string_view(buf, FormatSerdeF64(v, buf)));
}

void WriteF32(JsonWriter& w, float v) {
  char buf[kSerdeFloatMaxChars];
  w.Raw(std::string_view(buf, FormatSerdeF32(v, buf)));
}

void WriteOptString(JsonWriter& w, const std::optional<std::string>& s) {
  if (s) {
    w.String(*s);
  } else {
    w.Null();
  }
}

void WriteOptU64(JsonWriter& w, const std::optional<uint64_t>& v) {
  if (v) {
    w.Uint(*v);
  } else {
    w.Null();
  }
}

void WriteBytes(JsonWriter& w, const std::vector<uint8_t>& bytes) {
  w.BeginArray();
  for (uint8_t b : bytes)
    w.Uint(b);
  w.EndArray();
}

void WriteTimeRange(JsonWriter& w, const std::optional<std::pair<int64_t, int64_t>>& range) {
  if (!range) {
    w.Null();
    return;
  }
  w.BeginArray();
  WriteTime(w, range->first);
  WriteTime(w, range->second);
  w.EndArray();
}

}  // namespace json

using namespace json;  // NOLINT: the scalar writers above, used by everything below

namespace {

void WriteMessage(JsonWriter& w, const MessageSnapshot& m) {
  w.BeginObject();
  w.Field("message_type", std::string_view(m.message_type));
  w.Field("size_bytes", m.size_bytes);
  w.Field("checksum", std::string_view(m.checksum));
  w.Key("serialized_data");
  WriteBytes(w, m.serialized_data);
  w.EndObject();
}

void WriteStateDiff(JsonWriter& w, const StateDiff& d) {
  w.BeginObject();
  w.Key("before");
  if (d.before) {
    WriteBytes(w, *d.before);
  } else {
    w.Null();
  }
  w.Key("after");
  WriteBytes(w, d.after);
  w.Field("diff_type", DiffTypeName(d.diff_type));
  w.EndObject();
}

void WriteMetrics(JsonWriter& w, const PerformanceMetrics& m) {
  w.BeginObject();
  w.Key("execution_time_ns");
  WriteOptU64(w, m.execution_time_ns);
  w.Key("memory_usage_bytes");
  WriteOptU64(w, m.memory_usage_bytes);
  w.Key("cpu_usage_percent");
  if (m.cpu_usage_percent) {
    WriteF32(w, *m.cpu_usage_percent);
  } else {
    w.Null();
  }
  w.Key("queue_depth");
  WriteOptU64(w, m.queue_depth);
  w.Key("throughput_msgs_per_sec");
  if (m.throughput_msgs_per_sec) {
    WriteF64(w, *m.throughput_msgs_per_sec);
  } else {
    w.Null();
  }
  w.EndObject();
}

void WriteEventData(JsonWriter& w, const TraceEventData& d) {
  w.BeginObject();
  w.Key("port");
  WriteOptString(w, d.port);
  w.Key("message");
  if (d.message) {
    WriteMessage(w, *d.message);
  } else {
    w.Null();
  }
  w.Key("state_diff");
  if (d.state_diff) {
    WriteStateDiff(w, *d.state_diff);
  } else {
    w.Null();
  }
  w.Key("error");
  WriteOptString(w, d.error);
  w.Key("performance_metrics");
  WriteMetrics(w, d.performance_metrics);
  w.Key("custom_attributes").BeginObject();
  for (const JsonMember& m : d.custom_attributes)
    w.Key(m.key).Raw(m.json);
  w.EndObject();
  w.EndObject();
}

void WriteCausality(JsonWriter& w, const CausalityInfo& c) {
  w.BeginObject();
  w.Key("parent_event_id");
  if (c.parent_event_id) {
    WriteUuid(w, *c.parent_event_id);
  } else {
    w.Null();
  }
  w.Key("root_cause_event_id");
  WriteUuid(w, c.root_cause_event_id);
  w.Key("dependency_chain").BeginArray();
  for (const Uuid& id : c.dependency_chain)
    WriteUuid(w, id);
  w.EndArray();
  w.Field("span_id", std::string_view(c.span_id));
  w.EndObject();
}

void WriteEventTypes(JsonWriter& w, const std::optional<std::vector<EventType>>& types) {
  if (!types) {
    w.Null();
    return;
  }
  w.BeginArray();
  for (const EventType& t : *types)
    WriteJson(w, t);
  w.EndArray();
}

void WriteStringList(JsonWriter& w, const std::optional<std::vector<std::string>>& list) {
  if (!list) {
    w.Null();
    return;
  }
  w.BeginArray();
  for (const std::string& s : *list)
    w.String(s);
  w.EndArray();
}

}  // namespace

namespace json {

void WriteTraceQuery(JsonWriter& w, const TraceQuery& q) {
  w.BeginObject();
  w.Key("flow_id");
  WriteOptString(w, q.flow_id);
  w.Key("execution_id");
  if (q.execution_id) {
    WriteUuid(w, *q.execution_id);
  } else {
    w.Null();
  }
  w.Key("time_range");
  WriteTimeRange(w, q.time_range_ns);
  w.Key("status");
  if (q.status) {
    WriteJson(w, *q.status);
  } else {
    w.Null();
  }
  w.Key("actor_filter");
  WriteOptString(w, q.actor_filter);
  w.Key("limit");
  WriteOptU64(w, q.limit);
  w.Key("offset");
  WriteOptU64(w, q.offset);
  w.EndObject();
}

void WriteEventQuery(JsonWriter& w, const EventQuery& q) {
  w.BeginObject();
  w.Key("trace_id");
  if (q.trace_id) {
    WriteUuid(w, *q.trace_id);
  } else {
    w.Null();
  }
  w.Key("actor_id");
  WriteOptString(w, q.actor_id);
  w.Key("event_types");
  WriteEventTypes(w, q.event_types);
  w.Key("time_range");
  WriteTimeRange(w, q.time_range_ns);
  w.Key("cursor");
  WriteOptString(w, q.cursor);
  w.Key("limit");
  WriteOptU64(w, q.limit);
  w.EndObject();
}

void WriteFilters(JsonWriter& w, const SubscriptionFilters& f) {
  w.BeginObject();
  w.Key("flow_ids");
  WriteStringList(w, f.flow_ids);
  w.Key("actor_ids");
  WriteStringList(w, f.actor_ids);
  w.Key("event_types");
  WriteEventTypes(w, f.event_types);
  w.Key("status_filter");
  if (f.status_filter) {
    w.BeginArray();
    for (const ExecutionStatus& s : *f.status_filter)
      WriteJson(w, s);
    w.EndArray();
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace json

void WriteJson(JsonWriter& w, const EventType& t) {
  if (t.kind != EventKind::kDataFlow) {
    w.String(EventKindName(t.kind));
    return;
  }
  w.BeginObject().Key("DataFlow").BeginObject();
  w.Field("to_actor", std::string_view(t.to_actor));
  w.Field("to_port", std::string_view(t.to_port));
  w.EndObject().EndObject();
}

void WriteJson(JsonWriter& w, const TraceEvent& e) {
  w.BeginObject();
  w.Key("event_id");
  WriteUuid(w, e.event_id);
  w.Key("timestamp");
  WriteTime(w, e.timestamp_ns);
  w.Key("event_type");
  WriteJson(w, e.event_type);
  w.Field("actor_id", std::string_view(e.actor_id));
  w.Key("data");
  WriteEventData(w, e.data);
  w.Key("causality");
  WriteCausality(w, e.causality);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const FlowVersion& v) {
  w.BeginObject();
  w.Field("major", uint64_t{v.major});
  w.Field("minor", uint64_t{v.minor});
  w.Field("patch", uint64_t{v.patch});
  w.Key("git_hash");
  WriteOptString(w, v.git_hash);
  w.Key("timestamp");
  WriteTime(w, v.timestamp_ns);
  w.EndObject();
}

void WriteJson(JsonWriter& w, const ExecutionStatus& s) {
  if (s.kind != StatusKind::kFailed) {
    w.String(StatusKindName(s.kind));
    return;
  }
  w.BeginObject().Key("Failed").BeginObject();
  w.Field("error", std::string_view(s.error));
  w.EndObject().EndObject();
}

void WriteJson(JsonWriter& w, const TraceMetadata& m) {
  w.BeginObject();
  w.Key("user_id");
  WriteOptString(w, m.user_id);
  w.Key("session_id");
  WriteOptString(w, m.session_id);
  w.Field("environment", std::string_view(m.environment));
  w.Field("hostname", std::string_view(m.hostname));
  w.Field("process_id", uint64_t{m.process_id});
  w.Field("thread_id", std::string_view(m.thread_id));
  w.Key("tags").BeginObject();
  for (const auto& [k, v] : m.tags)
    w.Field(k, std::string_view(v));
  w.EndObject();
  w.EndObject();
}

void WriteJson(JsonWriter& w, const FlowTrace& t) {
  w.BeginObject();
  w.Key("trace_id");
  WriteUuid(w, t.trace_id);
  w.Field("flow_id", std::string_view(t.flow_id));
  w.Key("execution_id");
  WriteUuid(w, t.execution_id);
  w.Key("version");
  WriteJson(w, t.version);
  w.Key("start_time");
  WriteTime(w, t.start_time_ns);
  w.Key("end_time");
  if (t.end_time_ns) {
    WriteTime(w, *t.end_time_ns);
  } else {
    w.Null();
  }
  w.Key("status");
  WriteJson(w, t.status);
  w.Key("events").BeginArray();
  for (const TraceEvent& e : t.events)
    WriteJson(w, e);
  w.EndArray();
  w.Key("metadata");
  WriteJson(w, t.metadata);
  w.EndObject();
}

namespace {

template <typename T>
void AppendValue(const T& value, std::string* out) {
  JsonWriter w(out);
  WriteJson(w, value);
}

}  // namespace

void AppendJson(const TraceEvent& event, std::string* out) {
  AppendValue(event, out);
}
void AppendJson(const FlowTrace& trace, std::string* out) {
  AppendValue(trace, out);
}
void AppendJson(const FlowVersion& version, std::string* out) {
  AppendValue(version, out);
}
void AppendJson(const ExecutionStatus& status, std::string* out) {
  AppendValue(status, out);
}
void AppendJson(const TraceMetadata& metadata, std::string* out) {
  AppendValue(metadata, out);
}

}  // namespace tracing::protocol
