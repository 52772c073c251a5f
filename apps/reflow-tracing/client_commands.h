// The client subcommands of reflow-tracing (they talk to a running server over WebSocket):
//
//   reflow-tracing tail  [--url ws://HOST:PORT] [--flow F]... [--actor A]... [--event-type T]...
//       subscribes and prints every matching live event, one line each, until interrupted
//   reflow-tracing query [--url ws://HOST:PORT] (--trace ID | --flow F [--limit N])
//       prints the trace(s) and their events
//
// Output lines: "<timestamp> <trace_id> <actor_id> <event_type>[ error=...]".
// Exit codes: 0 ok, 1 connection/server error, 2 usage error, 3 trace not found.
#pragma once

namespace reflow_tracing {

// argv[0] is the subcommand name ("tail" or "query").
int RunClientCommand(int argc, char** argv);

}  // namespace reflow_tracing
