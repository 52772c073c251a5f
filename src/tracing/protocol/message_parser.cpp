#include "tracing/protocol/message_parser.h"

#include <string>

#include "core/json_writer.h"
#include "tracing/protocol/json_reader.h"
#include "tracing/protocol/model_reader.h"

namespace tracing::protocol {

namespace {

using core::Status;
using json::Element;
using json::FieldPath;
using json::FieldSpec;

constexpr std::string_view kRequestVariants =
    "StartTrace, RecordEvent, RecordEvents, EndTrace, GetTrace, QueryTraces, QueryEvents, "
    "GetFlowVersions, Ping, Subscribe, Unsubscribe, StoreTrace, GetMetrics";
constexpr std::string_view kResponseVariants =
    "TraceStarted, EventRecorded, EventsRecorded, TraceEnded, TraceData, QueryResults, "
    "EventResults, FlowVersions, Pong, EventNotification, Error, TraceStored, Metrics";

Status ReadRequestId(Element v, const FieldPath& p, std::optional<std::string>* out) {
  return json::ReadOptional(v, p, out, json::ReadString);
}

// ---- request bodies -------------------------------------------------------------------------

Status ReadBody(Element v, const FieldPath& path, StartTrace* out) {
  static constexpr FieldSpec kFields[] = {
      {"trace_id", false}, {"flow_id", true}, {"version", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadOptional(f, p, &out->trace_id, json::ReadUuid);
      case 1:
        return json::ReadString(f, p, &out->flow_id);
      case 2:
        return json::ReadFlowVersion(f, p, &out->version);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, RecordEvent* out) {
  static constexpr FieldSpec kFields[] = {
      {"trace_id", true}, {"event", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadUuid(f, p, &out->trace_id);
      case 1:
        return json::ReadTraceEvent(f, p, &out->event);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, RecordEvents* out) {
  static constexpr FieldSpec kFields[] = {
      {"trace_id", true}, {"events", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadUuid(f, p, &out->trace_id);
      case 1:
        return json::ReadArray(f, p, &out->events, json::ReadTraceEvent);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, EndTrace* out) {
  static constexpr FieldSpec kFields[] = {
      {"trace_id", true}, {"status", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadUuid(f, p, &out->trace_id);
      case 1:
        return json::ReadStatus(f, p, &out->status);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, GetTrace* out) {
  static constexpr FieldSpec kFields[] = {{"trace_id", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadUuid(f, p, &out->trace_id) : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, QueryTraces* out) {
  static constexpr FieldSpec kFields[] = {{"query", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadTraceQuery(f, p, &out->query) : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, QueryEvents* out) {
  static constexpr FieldSpec kFields[] = {{"query", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadEventQuery(f, p, &out->query) : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, GetFlowVersions* out) {
  static constexpr FieldSpec kFields[] = {{"flow_id", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadString(f, p, &out->flow_id) : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, Subscribe* out) {
  // "filters" (TracingRequest) or "filter" (the legacy TraceMessage).
  static constexpr FieldSpec kFields[] = {
      {"filters", false}, {"filter", false}, {"request_id", false}};
  bool have_filters = false;
  CORE_RETURN_IF_ERROR(
      json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
        if (i == 2) return ReadRequestId(f, p, &out->request_id);
        if (have_filters) return json::Error(path, "has both \"filters\" and \"filter\"");
        have_filters = true;
        out->legacy_filter_key = i == 1;
        return json::ReadFilters(f, p, &out->filters);
      }));
  if (!have_filters) return json::Error(path, "missing field \"filters\"");
  return Status::Ok();
}

Status ReadBody(Element v, const FieldPath& path, StoreTrace* out) {
  static constexpr FieldSpec kFields[] = {{"trace", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadFlowTrace(f, p, &out->trace) : ReadRequestId(f, p, &out->request_id);
  });
}

// ---- response bodies ------------------------------------------------------------------------

Status ReadBody(Element v, const FieldPath& path, TraceStarted* out) {
  static constexpr FieldSpec kFields[] = {{"trace_id", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadUuid(f, p, &out->trace_id) : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, EventRecorded* out) {
  static constexpr FieldSpec kFields[] = {
      {"success", true}, {"error", false}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadBool(f, p, &out->success);
      case 1:
        return json::ReadOptional(f, p, &out->error, json::ReadString);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, EventsRecorded* out) {
  static constexpr FieldSpec kFields[] = {
      {"success", true}, {"count", true}, {"error", false}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadBool(f, p, &out->success);
      case 1:
        return json::ReadU64(f, p, &out->count);
      case 2:
        return json::ReadOptional(f, p, &out->error, json::ReadString);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, TraceEnded* out) {
  static constexpr FieldSpec kFields[] = {{"trace_id", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadUuid(f, p, &out->trace_id) : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, TraceData* out) {
  static constexpr FieldSpec kFields[] = {{"trace", false}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadOptional(f, p, &out->trace, json::ReadFlowTrace)
                  : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, QueryResults* out) {
  static constexpr FieldSpec kFields[] = {
      {"traces", true}, {"total_count", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadArray(f, p, &out->traces, json::ReadFlowTrace);
      case 1:
        return json::ReadU64(f, p, &out->total_count);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadTracedEvent(Element v, const FieldPath& path, TracedEvent* out) {
  static constexpr FieldSpec kFields[] = {{"trace_id", true}, {"event", true}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadUuid(f, p, &out->trace_id) : json::ReadTraceEvent(f, p, &out->event);
  });
}

Status ReadBody(Element v, const FieldPath& path, EventResults* out) {
  static constexpr FieldSpec kFields[] = {
      {"events", true}, {"next_cursor", false}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadArray(f, p, &out->events, ReadTracedEvent);
      case 1:
        return json::ReadOptional(f, p, &out->next_cursor, json::ReadString);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, FlowVersions* out) {
  static constexpr FieldSpec kFields[] = {{"versions", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadArray(f, p, &out->versions, json::ReadFlowVersion)
                  : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, EventNotification* out) {
  static constexpr FieldSpec kFields[] = {{"trace_id", true}, {"event", true}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadUuid(f, p, &out->trace_id) : json::ReadTraceEvent(f, p, &out->event);
  });
}

Status ReadErrorCode(Element v, const FieldPath& path, ErrorCode* out) {
  std::string_view name;
  if (v.get_string().get(name) != simdjson::SUCCESS) {
    return json::TypeError(path, "expected an error code string", v);
  }
  std::optional<ErrorCode> code = ErrorCodeFromName(name);
  if (!code) return json::TypeError(path, "expected a known error code", v);
  *out = *code;
  return Status::Ok();
}

Status ReadBody(Element v, const FieldPath& path, ErrorReply* out) {
  // The legacy TraceResponse::Error has no code: it reads as InternalError.
  static constexpr FieldSpec kFields[] = {
      {"message", true}, {"code", false}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    switch (i) {
      case 0:
        return json::ReadString(f, p, &out->message);
      case 1:
        return ReadErrorCode(f, p, &out->code);
      default:
        return ReadRequestId(f, p, &out->request_id);
    }
  });
}

Status ReadBody(Element v, const FieldPath& path, TraceStored* out) {
  static constexpr FieldSpec kFields[] = {{"trace_id", true}, {"request_id", false}};
  return json::ReadFields(v, path, kFields, [&](size_t i, Element f, const FieldPath& p) {
    return i == 0 ? json::ReadUuid(f, p, &out->trace_id) : ReadRequestId(f, p, &out->request_id);
  });
}

Status ReadBody(Element v, const FieldPath& path, Metrics* out) {
  static constexpr FieldSpec kFields[] = {{"data", true}};
  return json::ReadFields(v, path, kFields, [&](size_t, Element f, const FieldPath& p) {
    return json::ReadRawJson(f, p, &out->data_json);
  });
}

// ---- dispatch -------------------------------------------------------------------------------

template <typename T>
constexpr bool kIsUnit = std::is_empty_v<T>;

// Reads the externally tagged message at `root` into the alternative of Message named like the
// JSON's variant; `names` lists the alternatives' wire names in variant order.
template <typename Message, size_t N>
core::Result<Message> ReadMessage(Element root, const std::array<std::string_view, N>& names,
                                  std::string_view what, std::string_view expected) {
  static_assert(N == std::variant_size_v<Message>);
  std::string_view name;
  Element body;
  bool is_unit = false;
  const FieldPath root_path;
  if (root.get_string().get(name) == simdjson::SUCCESS) {
    is_unit = true;
  } else {
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) {
      return json::TypeError(root_path,
                             std::string("expected a ") + std::string(what) +
                                 " (a variant name or {\"Variant\":{...}})",
                             root);
    }
    if (object.size() != 1) {
      return json::Error(root_path, std::string("a ") + std::string(what) +
                                        " is an object with exactly one key (the variant), got " +
                                        std::to_string(object.size()) + " keys");
    }
    for (simdjson::dom::key_value_pair member : object) {
      name = member.key;
      body = member.value;
    }
  }
  size_t index = N;
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) index = i;
  }
  if (index == N) {
    std::string m = "unknown ";
    m.append(what).append(" variant \"");
    core::JsonWriter::AppendEscaped(&m, name);
    m.append("\"; expected one of: ").append(expected);
    return json::Error(root_path, m);
  }
  const FieldPath path{nullptr, names[index], -1};
  core::Result<Message> result = Status(core::ErrorCode::kInternal, "unreachable");
  [&]<size_t... I>(std::index_sequence<I...>) {
    ((I == index ? (void)(result = [&]() -> core::Result<Message> {
       using T = std::variant_alternative_t<I, Message>;
       T value{};
       if constexpr (kIsUnit<T>) {
         if (!is_unit && !body.is_null()) {
           return json::TypeError(
               path, "a unit variant takes no fields; expected \"" + std::string(names[I]) + "\"",
               body);
         }
       } else {
         if (is_unit) {
           return json::Error(
               path, "this variant needs its fields: {\"" + std::string(names[I]) + "\":{...}}");
         }
         CORE_RETURN_IF_ERROR(ReadBody(body, path, &value));
       }
       return Message(std::move(value));
     }())
                 : (void)0),
     ...);
  }
  (std::make_index_sequence<N>{});
  return result;
}

constexpr std::array<std::string_view, std::variant_size_v<Request>> kRequestNames = {
    "StartTrace",  "RecordEvent", "RecordEvents",    "EndTrace", "GetTrace",
    "QueryTraces", "QueryEvents", "GetFlowVersions", "Ping",     "Subscribe",
    "Unsubscribe", "StoreTrace",  "GetMetrics"};
constexpr std::array<std::string_view, std::variant_size_v<Response>> kResponseNames = {
    "TraceStarted", "EventRecorded", "EventsRecorded", "TraceEnded", "TraceData",
    "QueryResults", "EventResults",  "FlowVersions",   "Pong",       "EventNotification",
    "Error",        "TraceStored",   "Metrics"};

template <typename T, typename Read>
core::Result<T> ReadWhole(core::Result<Element> root, Read&& read) {
  if (!root.ok()) return root.status();
  T value{};
  CORE_RETURN_IF_ERROR(read(*root, FieldPath{}, &value));
  return value;
}

}  // namespace

MessageParser::MessageParser() {
  // Preallocate for typical messages; simdjson grows the buffers (keeping the depth) as needed.
  // On failure the first parse allocates (and reports MEMALLOC if that fails too).
  [[maybe_unused]] const simdjson::error_code error = parser_.allocate(64 * 1024, kMaxDepth);
}

core::Result<simdjson::dom::element> MessageParser::ParseDocument(std::string_view json) {
  simdjson::dom::element root;
  const simdjson::error_code error = parser_.parse(json.data(), json.size()).get(root);
  switch (error) {
    case simdjson::SUCCESS:
      return root;
    case simdjson::EMPTY:
      return core::InvalidArgument("malformed JSON: the message is empty");
    case simdjson::UTF8_ERROR:
      return core::InvalidArgument("malformed JSON: invalid UTF-8");
    case simdjson::DEPTH_ERROR:
      return core::InvalidArgument("malformed JSON: nested deeper than " +
                                   std::to_string(kMaxDepth) + " levels");
    case simdjson::NUMBER_ERROR:
      return core::InvalidArgument("malformed JSON: a number is malformed or out of range");
    case simdjson::MEMALLOC:
    case simdjson::CAPACITY:
      return core::ResourceExhausted("message too large to parse (" + std::to_string(json.size()) +
                                     " bytes)");
    default:
      return core::InvalidArgument(std::string("malformed JSON: ") +
                                   simdjson::error_message(error));
  }
}

core::Result<Request> MessageParser::ParseRequest(std::string_view json) {
  core::Result<Element> root = ParseDocument(json);
  if (!root.ok()) return root.status();
  return ReadMessage<Request>(*root, kRequestNames, "request", kRequestVariants);
}

core::Result<Response> MessageParser::ParseResponse(std::string_view json) {
  core::Result<Element> root = ParseDocument(json);
  if (!root.ok()) return root.status();
  return ReadMessage<Response>(*root, kResponseNames, "response", kResponseVariants);
}

core::Result<TraceEvent> MessageParser::ParseTraceEvent(std::string_view json) {
  return ReadWhole<TraceEvent>(ParseDocument(json), json::ReadTraceEvent);
}

core::Result<FlowTrace> MessageParser::ParseFlowTrace(std::string_view json) {
  return ReadWhole<FlowTrace>(ParseDocument(json), json::ReadFlowTrace);
}

core::Result<FlowVersion> MessageParser::ParseFlowVersion(std::string_view json) {
  return ReadWhole<FlowVersion>(ParseDocument(json), json::ReadFlowVersion);
}

core::Result<ExecutionStatus> MessageParser::ParseStatus(std::string_view json) {
  return ReadWhole<ExecutionStatus>(ParseDocument(json), json::ReadStatus);
}

core::Result<TraceMetadata> MessageParser::ParseMetadata(std::string_view json) {
  return ReadWhole<TraceMetadata>(ParseDocument(json), json::ReadMetadata);
}

}  // namespace tracing::protocol
