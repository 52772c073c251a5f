#include "reflow-tracing/client_commands.h"

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "core/asio.h"
#include "tracing/protocol/message_parser.h"
#include "tracing/protocol/message_writer.h"
#include "tracing/protocol/rfc3339.h"

namespace reflow_tracing {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using namespace tracing::protocol;

struct Args {
  std::string url = "ws://127.0.0.1:8080";
  std::vector<std::string> flows, actors, event_types;
  std::optional<std::string> trace;
  uint64_t limit = 20;
};

int Usage(const char* message) {
  std::fprintf(stderr,
               "reflow-tracing: %s\nusage: reflow-tracing tail [--url ws://HOST:PORT] [--flow F] "
               "[--actor A] [--event-type T]\n       reflow-tracing query [--url ws://HOST:PORT] "
               "(--trace ID | --flow F [--limit N])\n",
               message);
  return 2;
}

void PrintEvent(const std::string& trace_id, const TraceEvent& e) {
  std::string time;
  AppendRfc3339(e.timestamp_ns, &time);
  std::string line = time + " " + trace_id + " " + e.actor_id + " " +
                     std::string(EventKindName(e.event_type.kind));
  if (e.event_type.kind == EventKind::kDataFlow) {
    line += " -> " + e.event_type.to_actor + ":" + e.event_type.to_port;
  }
  if (e.data.error) line += " error=" + *e.data.error;
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

void PrintTrace(const FlowTrace& t) {
  std::string start;
  AppendRfc3339(t.start_time_ns, &start);
  std::printf("trace %s flow=%s status=%s start=%s events=%zu\n", t.trace_id.ToString().c_str(),
              t.flow_id.c_str(), std::string(StatusKindName(t.status.kind)).c_str(), start.c_str(),
              t.events.size());
  for (const TraceEvent& e : t.events)
    PrintEvent(t.trace_id.ToString(), e);
}

class Connection {
 public:
  Connection() : ws_(ioc_) {}
  bool Open(const std::string& url) {
    std::string_view u = url;
    if (!u.starts_with("ws://")) {
      std::fprintf(stderr, "reflow-tracing: --url \"%s\" must start with ws://\n", url.c_str());
      return false;
    }
    u.remove_prefix(5);
    std::string_view hostport = u.substr(0, u.find('/'));
    const size_t colon = hostport.rfind(':');
    std::string host(hostport.substr(0, colon));
    std::string port =
        colon == std::string_view::npos ? "80" : std::string(hostport.substr(colon + 1));
    beast::error_code ec;
    net::ip::tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(host, port, ec);
    if (!ec) net::connect(ws_.next_layer(), results, ec);
    if (!ec) ws_.handshake(std::string(hostport), "/", ec);
    if (ec) {
      std::fprintf(stderr, "reflow-tracing: cannot connect to %s: %s\n", url.c_str(),
                   ec.message().c_str());
      return false;
    }
    ws_.read_message_max(0);
    return true;
  }
  bool Send(const Request& r) {
    std::string text;
    AppendJson(r, &text);
    beast::error_code ec;
    ws_.text(true);
    ws_.write(net::buffer(text), ec);
    if (ec) std::fprintf(stderr, "reflow-tracing: send failed: %s\n", ec.message().c_str());
    return !ec;
  }
  std::optional<Response> Receive() {
    buffer_.consume(buffer_.size());
    beast::error_code ec;
    ws_.read(buffer_, ec);
    if (ec) {
      std::fprintf(stderr, "reflow-tracing: connection ended: %s\n", ec.message().c_str());
      return std::nullopt;
    }
    auto data = buffer_.cdata();
    core::Result<Response> r =
        parser_.ParseResponse(std::string_view(static_cast<const char*>(data.data()), data.size()));
    if (!r.ok()) {
      std::fprintf(stderr, "reflow-tracing: bad reply: %s\n", r.status().message().c_str());
      return std::nullopt;
    }
    return std::move(*r);
  }

 private:
  net::io_context ioc_;
  websocket::stream<net::ip::tcp::socket> ws_;
  beast::flat_buffer buffer_;
  MessageParser parser_;
};

int Tail(const Args& a) {
  SubscriptionFilters f;
  if (!a.flows.empty()) f.flow_ids = a.flows;
  if (!a.actors.empty()) f.actor_ids = a.actors;
  if (!a.event_types.empty()) {
    f.event_types.emplace();
    for (const std::string& t : a.event_types) {
      std::optional<EventKind> k = EventKindFromName(t);
      if (!k) {
        std::string m =
            "--event-type \"" + t + "\" is not one of: " + std::string(EventKindNames());
        return Usage(m.c_str());
      }
      f.event_types->push_back(EventType{*k, {}, {}});
    }
  }
  Connection c;
  if (!c.Open(a.url) || !c.Send(Subscribe{f, false, std::nullopt})) return 1;
  while (auto r = c.Receive()) {
    if (auto* n = std::get_if<EventNotification>(&*r)) {
      PrintEvent(n->trace_id.ToString(), n->event);
    } else if (auto* e = std::get_if<ErrorReply>(&*r)) {
      std::fprintf(stderr, "reflow-tracing: server: %s\n", e->message.c_str());
    }
  }
  return 1;
}

int Query(const Args& a) {
  Connection c;
  if (a.trace) {
    std::optional<Uuid> id = Uuid::Parse(*a.trace);
    if (!id) {
      std::string m = "--trace \"" + *a.trace + "\" is not a UUID";
      return Usage(m.c_str());
    }
    if (!c.Open(a.url) || !c.Send(GetTrace{*id, std::nullopt})) return 1;
  } else {
    TraceQuery q;
    q.flow_id = a.flows.front();
    q.limit = a.limit;
    if (!c.Open(a.url) || !c.Send(QueryTraces{q, std::nullopt})) return 1;
  }
  std::optional<Response> r = c.Receive();
  if (!r) return 1;
  if (auto* e = std::get_if<ErrorReply>(&*r)) {
    std::fprintf(stderr, "reflow-tracing: server: %s\n", e->message.c_str());
    return 1;
  }
  if (auto* d = std::get_if<TraceData>(&*r)) {
    if (!d->trace) {
      std::fprintf(stderr, "reflow-tracing: trace %s not found\n", a.trace->c_str());
      return 3;
    }
    PrintTrace(*d->trace);
    return 0;
  }
  if (auto* q = std::get_if<QueryResults>(&*r)) {
    std::printf("%zu of %llu traces\n", q->traces.size(),
                static_cast<unsigned long long>(q->total_count));
    for (const FlowTrace& t : q->traces)
      PrintTrace(t);
    return 0;
  }
  std::fprintf(stderr, "reflow-tracing: unexpected reply %s\n",
               std::string(ResponseName(*r)).c_str());
  return 1;
}

}  // namespace

int RunClientCommand(int argc, char** argv) {
  const std::string_view command = argv[0];
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      Usage("client subcommands");
      return 0;
    }
    if (i + 1 >= argc) {
      std::string m = "missing value after " + std::string(flag);
      return Usage(m.c_str());
    }
    std::string value = argv[++i];
    if (flag == "--url") {
      a.url = value;
    } else if (flag == "--flow") {
      a.flows.push_back(value);
    } else if (flag == "--actor" && command == "tail") {
      a.actors.push_back(value);
    } else if (flag == "--event-type" && command == "tail") {
      a.event_types.push_back(value);
    } else if (flag == "--trace" && command == "query") {
      a.trace = value;
    } else if (flag == "--limit" && command == "query") {
      a.limit = std::strtoull(value.c_str(), nullptr, 10);
    } else {
      std::string m = "unknown option " + std::string(flag) + " for " + std::string(command);
      return Usage(m.c_str());
    }
  }
  if (command == "tail") return Tail(a);
  if (!a.trace && a.flows.empty()) return Usage("query needs --trace ID or --flow F");
  return Query(a);
}

}  // namespace reflow_tracing
