#include "tracing/server/http_query_api.h"

#include <charconv>
#include <map>

#include "core/json_writer.h"
#include "core/percent_encoding.h"
#include "tracing/protocol/message_writer.h"
#include "tracing/protocol/rfc3339.h"
#include "tracing/protocol/uuid.h"

namespace tracing::server {
namespace {

using Params = std::map<std::string, std::string, std::less<>>;

core::Status ParseQuery(std::string_view query, Params* out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    std::string key, value;
    if (!core::PercentDecode(part.substr(0, eq), &key) ||
        (eq != std::string_view::npos && !core::PercentDecode(part.substr(eq + 1), &value))) {
      return core::InvalidArgument("malformed percent-encoding in query parameter \"" +
                                   std::string(part) + "\"");
    }
    (*out)[key] = value;
  }
  return {};
}

core::Status ParseCount(const Params& p, std::string_view key, std::optional<uint64_t>* out) {
  auto it = p.find(key);
  if (it == p.end()) return {};
  uint64_t v = 0;
  const char* end = it->second.data() + it->second.size();
  auto [ptr, ec] = std::from_chars(it->second.data(), end, v);
  if (ec != std::errc() || ptr != end) {
    return core::InvalidArgument("query parameter " + std::string(key) + "=\"" + it->second +
                                 "\" is not a non-negative integer");
  }
  *out = v;
  return {};
}

core::Status ParseTime(const Params& p, std::string_view key, std::optional<int64_t>* out) {
  auto it = p.find(key);
  if (it == p.end()) return {};
  core::Result<int64_t> ns = protocol::ParseRfc3339(it->second);
  if (!ns.ok()) {
    return core::InvalidArgument("query parameter " + std::string(key) + "=\"" + it->second +
                                 "\" is not an RFC 3339 time");
  }
  *out = *ns;
  return {};
}

core::Status ParseId(const Params& p, std::string_view key, std::optional<protocol::Uuid>* out) {
  auto it = p.find(key);
  if (it == p.end()) return {};
  *out = protocol::Uuid::Parse(it->second);
  if (!*out) {
    return core::InvalidArgument("query parameter " + std::string(key) + "=\"" + it->second +
                                 "\" is not a UUID");
  }
  return {};
}

core::Status TimeRange(const Params& p, std::optional<std::pair<int64_t, int64_t>>* out) {
  std::optional<int64_t> from, to;
  CORE_RETURN_IF_ERROR(ParseTime(p, "from", &from));
  CORE_RETURN_IF_ERROR(ParseTime(p, "to", &to));
  if (from || to) *out = std::make_pair(from.value_or(INT64_MIN), to.value_or(INT64_MAX));
  return {};
}

core::Status TracesQuery(const Params& p, protocol::TraceQuery* q) {
  if (auto it = p.find("flow_id"); it != p.end()) q->flow_id = it->second;
  if (auto it = p.find("actor"); it != p.end()) q->actor_filter = it->second;
  CORE_RETURN_IF_ERROR(ParseId(p, "execution_id", &q->execution_id));
  if (auto it = p.find("status"); it != p.end()) {
    static const std::pair<std::string_view, protocol::StatusKind> kKinds[] = {
        {"Pending", protocol::StatusKind::kPending},
        {"Running", protocol::StatusKind::kRunning},
        {"Completed", protocol::StatusKind::kCompleted},
        {"Failed", protocol::StatusKind::kFailed},
        {"Cancelled", protocol::StatusKind::kCancelled}};
    bool found = false;
    for (const auto& [name, kind] : kKinds) {
      if (name == it->second) {
        q->status = protocol::ExecutionStatus{kind, {}};
        found = true;
      }
    }
    if (!found) {
      return core::InvalidArgument("query parameter status=\"" + it->second +
                                   "\" is not one of: Pending, Running, Completed, Failed, "
                                   "Cancelled");
    }
  }
  CORE_RETURN_IF_ERROR(TimeRange(p, &q->time_range_ns));
  CORE_RETURN_IF_ERROR(ParseCount(p, "limit", &q->limit));
  CORE_RETURN_IF_ERROR(ParseCount(p, "offset", &q->offset));
  return {};
}

core::Status EventsQuery(const Params& p, protocol::EventQuery* q) {
  CORE_RETURN_IF_ERROR(ParseId(p, "trace_id", &q->trace_id));
  if (auto it = p.find("actor_id"); it != p.end()) q->actor_id = it->second;
  if (auto it = p.find("cursor"); it != p.end()) q->cursor = it->second;
  if (auto it = p.find("event_types"); it != p.end()) {
    q->event_types.emplace();
    std::string_view list = it->second;
    while (!list.empty()) {
      const size_t comma = list.find(',');
      std::string_view name = list.substr(0, comma);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      std::optional<protocol::EventKind> kind = protocol::EventKindFromName(name);
      if (!kind) {
        return core::InvalidArgument(
            "query parameter event_types: \"" + std::string(name) +
            "\" is not one of: " + std::string(protocol::EventKindNames()));
      }
      q->event_types->push_back(protocol::EventType{*kind, {}, {}});
    }
  }
  CORE_RETURN_IF_ERROR(TimeRange(p, &q->time_range_ns));
  CORE_RETURN_IF_ERROR(ParseCount(p, "limit", &q->limit));
  return {};
}

HttpReply ErrorReply(const core::Status& st) {
  const protocol::ErrorCode code = protocol::ErrorCodeFor(st);
  unsigned status = 500;
  switch (code) {
    case protocol::ErrorCode::kNotFound:
      status = 404;
      break;
    case protocol::ErrorCode::kInvalidRequest:
      status = 400;
      break;
    case protocol::ErrorCode::kStorageError:
      status = 503;
      break;
    default:
      break;
  }
  return HttpReply{status, HttpErrorJson(st.message(), protocol::ErrorCodeName(code))};
}

}  // namespace

std::string HttpErrorJson(std::string_view message, std::string_view code) {
  std::string out;
  core::JsonWriter w(&out);
  w.BeginObject().Field("error", message).Field("code", code).EndObject();
  return out;
}

HttpReply ServeQueryApi(TraceService& service, std::string_view path, std::string_view query) {
  Params params;
  if (core::Status st = ParseQuery(query, &params); !st.ok()) return ErrorReply(st);
  HttpReply reply;
  core::Status st;
  constexpr std::string_view kTracePrefix = "/api/traces/";
  if (path.starts_with(kTracePrefix) && path.size() > kTracePrefix.size()) {
    st = service.GetTraceJson(std::string(path.substr(kTracePrefix.size())), &reply.body);
  } else if (path == "/api/traces" || path == "/api/traces/") {
    protocol::TraceQuery q;
    st = TracesQuery(params, &q);
    if (st.ok()) st = service.QueryTracesJson(q, &reply.body);
  } else if (path == "/api/events") {
    protocol::EventQuery q;
    st = EventsQuery(params, &q);
    if (st.ok()) st = service.QueryEventsJson(q, &reply.body);
  } else {
    return HttpReply{404, HttpErrorJson("no such path: " + std::string(path), "NotFound")};
  }
  if (!st.ok()) return ErrorReply(st);
  return reply;
}

}  // namespace tracing::server
