#include "tracing/storage/trace_status_rules.h"

#include "core/json_writer.h"

namespace tracing {

bool IsFinalStatus(std::string_view status) {
  return status == "Completed" || status == "Cancelled" || status == kFailedStatus;
}

std::string FailedStatusJson(std::string_view actor_id) {
  std::string out;
  core::JsonWriter w(&out);
  std::string error = "actor ";
  error.append(actor_id);
  error.append(" failed");
  w.BeginObject().Key("Failed").BeginObject().Field("error", error).EndObject().EndObject();
  return out;
}

StoredTrace MinimalTrace(std::string_view trace_id, int64_t start_time_ns) {
  StoredTrace t;
  t.trace_id = std::string(trace_id);
  t.start_time_ns = start_time_ns;
  t.status = std::string(kRunningStatus);
  t.status_json = std::string(kRunningStatusJson);
  return t;
}

}  // namespace tracing
