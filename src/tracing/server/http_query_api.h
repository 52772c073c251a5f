// HttpQueryApi: the trace server's read-only HTTP JSON API (an extension; same port as the
// WebSocket endpoint):
//
//   GET /api/traces/{trace_id}                      the FlowTrace (404 if unknown)
//   GET /api/traces?flow_id=&execution_id=&status=&actor=&from=&to=&limit=&offset=
//                                                   {"traces":[...],"total_count":N}
//   GET /api/events?trace_id=&actor_id=&event_types=A,B&from=&to=&cursor=&limit=
//                                                   {"events":[...],"next_cursor":...}
//
// from/to are RFC 3339 times. Errors are {"error":"...","code":"InvalidRequest"} with 400, 404,
// or 503 (storage). Thread-safe (stateless over TraceService).
#pragma once

#include <string>
#include <string_view>

#include "tracing/server/trace_service.h"

namespace tracing::server {

struct HttpReply {
  unsigned status = 200;
  std::string body;  // JSON
};

// Answers `path` (no query) with `query` (after '?'); nullopt-like 404 for unknown paths.
HttpReply ServeQueryApi(TraceService& service, std::string_view path, std::string_view query);

// {"error":"...","code":"..."}
std::string HttpErrorJson(std::string_view message, std::string_view code);

}  // namespace tracing::server
