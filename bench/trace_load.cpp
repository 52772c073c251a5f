// trace_load: a WebSocket load generator for reflow-tracing (used by trace_server_bench.sh).
//
// Opens N connections from one thread (Beast, async I/O), starts one trace per connection, then
// sends RecordEvent messages (or RecordEvents batches of --batch events) at a fixed total offered
// rate in events/s (--rate 0: as fast as the acks allow, --window messages in flight per
// connection) for --duration seconds. Every reply is an ack; replies on one connection arrive in
// send order, so each ack is matched to the oldest unanswered message. Ack latency is measured
// from the message's scheduled send time at a fixed rate (no coordinated omission) and from the
// actual send otherwise.
//
// Prints one line: offered_eps=... achieved_eps=... acked=... p50_us=... p99_us=... errors=...
// gen_cpu_s=...; exits 1 when nothing was acknowledged or a connection failed.
//
//   trace_load --port 8080 --connections 8 --rate 50000 --duration 5 --batch 1
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "core/asio.h"

namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

struct LoadOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int connections = 8;
  double rate = 0;  // events/s over all connections; 0 = max
  double duration_s = 5;
  int batch = 1;
  int window = 32;  // messages in flight per connection at max rate
};

// Results shared by all connections (single thread: no locking).
struct Tally {
  Clock::time_point measure_from;
  Clock::time_point measure_to;
  uint64_t acked_events = 0;  // acknowledged inside the measured window
  uint64_t acked_total = 0;   // acknowledged at any time (for CPU per event)
  uint64_t errors = 0;
  int failed_connections = 0;
  std::vector<uint32_t> latencies_us;  // one per acknowledged message in the window
};

// The JSON of one event with a unique id; ~600 bytes like trace_storage_bench's rows.
std::string EventJson(int conn, uint64_t seq) {
  char id[64];
  std::snprintf(id, sizeof id, "67e55044-%04x-4000-9247-%012llx", conn & 0xffff,
                static_cast<unsigned long long>(seq));
  std::string json =
      std::string(R"({"event_id":")") + id +
      R"(","timestamp":"2025-09-17T21:06:43.123456Z","event_type":"MessageSent",)"
      R"("actor_id":"pipeline/processor-7","data":{"port":"out","message":{"message_type":)"
      R"("Record","size_bytes":512,"checksum":"9f86d081884c7d65","serialized_data":[]},)"
      R"("state_diff":null,"error":null,"performance_metrics":{"execution_time_ns":12345,)"
      R"("memory_usage_bytes":1048576,"cpu_usage_percent":12.5,"queue_depth":3,)"
      R"("throughput_msgs_per_sec":1500.0},"custom_attributes":{"tenant":"acme","pad":")";
  const std::string tail =
      R"("}},"causality":{"parent_event_id":null,"root_cause_event_id":"67e55044-10b1-426f-9247-bb6800000100","dependency_chain":[],"span_id":"s"}})";
  if (json.size() + tail.size() < 600) json.append(600 - json.size() - tail.size(), 'x');
  return json + tail;
}

std::string TraceId(int conn) {
  char id[64];
  std::snprintf(id, sizeof id, "67e55044-10b1-426f-9247-cc%010x", conn);
  return id;
}

// One client connection. Owned by a shared_ptr kept alive by its pending handlers.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(net::io_context& ioc, const LoadOptions& o, int index, Tally& tally,
             Clock::time_point start)
      : o_(o), index_(index), tally_(tally), ws_(ioc), timer_(ioc), start_(start) {
    if (o.rate > 0) interval_ = std::chrono::duration<double>(o.connections * o.batch / o.rate);
  }

  void Run() {
    ws_.next_layer().async_connect(
        {net::ip::make_address(o_.host), o_.port},
        [self = shared_from_this()](beast::error_code ec) { self->OnConnect(ec); });
  }

 private:
  void Fail(const char* what, beast::error_code ec) {
    if (failed_ || done_) return;
    failed_ = true;
    ++tally_.failed_connections;
    std::fprintf(stderr, "connection %d: %s: %s\n", index_, what, ec.message().c_str());
  }

  void OnConnect(beast::error_code ec) {
    if (ec) return Fail("connect", ec);
    ws_.next_layer().set_option(net::ip::tcp::no_delay(true));
    ws_.async_handshake(o_.host, "/",
                        [self = shared_from_this()](beast::error_code e) { self->OnHandshake(e); });
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return Fail("handshake", ec);
    ws_.read_message_max(0);
    const std::string start =
        R"({"StartTrace":{"trace_id":")" + TraceId(index_) +
        R"(","flow_id":"bench","version":{"major":1,"minor":0,"patch":0,"git_hash":null,"timestamp":"2025-09-17T21:06:43.123Z"}}})";
    outbox_.push_back(start);
    sent_at_.push_back(Clock::now());
    control_pending_ = 1;
    Write();
    Read();
  }

  std::string NextMessage() {
    std::string msg;
    if (o_.batch <= 1) {
      msg = R"({"RecordEvent":{"trace_id":")" + TraceId(index_) + R"(","event":)" +
            EventJson(index_, seq_++) + "}}";
    } else {
      msg = R"({"RecordEvents":{"trace_id":")" + TraceId(index_) + R"(","events":[)";
      for (int i = 0; i < o_.batch; ++i) {
        if (i) msg += ',';
        msg += EventJson(index_, seq_++);
      }
      msg += "]}}";
    }
    return msg;
  }

  // Queues what is due now (fixed rate) or fills the window (max rate).
  void Produce() {
    const Clock::time_point now = Clock::now();
    if (now >= tally_.measure_to) return;
    if (o_.rate <= 0) {
      while (static_cast<int>(sent_at_.size()) < o_.window) {
        outbox_.push_back(NextMessage());
        sent_at_.push_back(Clock::time_point{});  // stamped when written
      }
      Write();
      return;
    }
    // Stagger connections inside one interval so they do not send in lockstep.
    const auto offset = interval_ * (static_cast<double>(index_) / o_.connections);
    for (;;) {
      const auto due = start_ + std::chrono::duration_cast<Clock::duration>(
                                    offset + interval_ * static_cast<double>(scheduled_));
      if (due > now) {
        timer_.expires_at(due);
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
          if (!ec) self->Produce();
        });
        break;
      }
      if (sent_at_.size() > 100'000) break;  // the server fell far behind; stop queueing
      outbox_.push_back(NextMessage());
      sent_at_.push_back(due);
      ++scheduled_;
    }
    Write();
  }

  void Write() {
    if (writing_ || outbox_.empty()) return;
    writing_ = true;
    current_ = std::move(outbox_.front());
    outbox_.pop_front();
    // Stamp max-rate messages when they go out.
    const size_t idx = sent_at_.size() - outbox_.size() - 1;
    if (sent_at_[idx] == Clock::time_point{}) sent_at_[idx] = Clock::now();
    ws_.async_write(net::buffer(current_),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      self->writing_ = false;
                      if (ec) return self->Fail("write", ec);
                      self->Write();
                    });
  }

  void Read() {
    ws_.async_read(in_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Fail("read", ec);
    const std::string_view reply(static_cast<const char*>(in_.data().data()), in_.size());
    const bool ok = reply.find(R"("success":true)") != std::string_view::npos ||
                    reply.starts_with(R"({"TraceStarted")");
    const Clock::time_point now = Clock::now();
    if (!sent_at_.empty()) {
      const Clock::time_point sent = sent_at_.front();
      sent_at_.pop_front();
      if (control_pending_ > 0) {
        --control_pending_;
        if (!ok) {
          ++tally_.errors;
          std::fprintf(stderr, "StartTrace failed: %.*s\n", static_cast<int>(reply.size()),
                       reply.data());
        }
        start_ = std::max(start_, now);
      } else if (!ok) {
        ++tally_.errors;
        if (tally_.errors <= 3)
          std::fprintf(stderr, "error reply: %.*s\n",
                       static_cast<int>(std::min<size_t>(300, reply.size())), reply.data());
      } else {
        tally_.acked_total += static_cast<uint64_t>(o_.batch);
        if (now >= tally_.measure_from && now < tally_.measure_to) {
          tally_.acked_events += static_cast<uint64_t>(o_.batch);
          tally_.latencies_us.push_back(static_cast<uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(now - sent).count()));
        }
      }
    }
    in_.consume(in_.size());
    if (now >= tally_.measure_to && sent_at_.empty()) {
      done_ = true;
      return;
    }
    Produce();
    Read();
  }

  const LoadOptions& o_;
  const int index_;
  Tally& tally_;
  websocket::stream<net::ip::tcp::socket> ws_;
  net::steady_timer timer_;
  Clock::time_point start_;
  std::chrono::duration<double> interval_{0};
  uint64_t scheduled_ = 0;
  uint64_t seq_ = 0;
  int control_pending_ = 0;
  std::deque<std::string> outbox_;
  std::deque<Clock::time_point> sent_at_;  // unanswered messages, oldest first (incl. outbox)
  std::string current_;
  beast::flat_buffer in_;
  bool writing_ = false;
  bool failed_ = false;
  bool done_ = false;
};

bool ParseArgs(int argc, char** argv, LoadOptions* o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--host")
      o->host = v;
    else if (k == "--port")
      o->port = static_cast<uint16_t>(std::atoi(v));
    else if (k == "--connections")
      o->connections = std::max(1, std::atoi(v));
    else if (k == "--rate")
      o->rate = std::atof(v);
    else if (k == "--duration")
      o->duration_s = std::atof(v);
    else if (k == "--batch")
      o->batch = std::max(1, std::atoi(v));
    else if (k == "--window")
      o->window = std::max(1, std::atoi(v));
    else
      return false;
  }
  return argc % 2 == 1;
}

double CpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  LoadOptions o;
  if (!ParseArgs(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: trace_load [--host H] [--port P] [--connections N] [--rate EVENTS_PER_S "
                 "(0 = max)] [--duration S] [--batch B] [--window W]\n");
    return 2;
  }
  net::io_context ioc(1);
  Tally tally;
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(200);
  // Half a second of warm-up is not measured.
  tally.measure_from = start + std::chrono::milliseconds(500);
  tally.measure_to = tally.measure_from + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(o.duration_s));
  std::vector<std::shared_ptr<Connection>> conns;
  for (int i = 0; i < o.connections; ++i) {
    conns.push_back(std::make_shared<Connection>(ioc, o, i, tally, start));
    conns.back()->Run();
  }
  // Stop waiting for stragglers 10 s after the window closes.
  net::steady_timer deadline(ioc);
  deadline.expires_at(tally.measure_to + std::chrono::seconds(10));
  deadline.async_wait([&](beast::error_code) { ioc.stop(); });
  const double cpu0 = CpuSeconds();
  // Runs until every connection finished (or failed) and the deadline fires.
  net::steady_timer poll(ioc);
  std::function<void(beast::error_code)> check = [&](beast::error_code) {
    if (Clock::now() > tally.measure_to + std::chrono::seconds(1)) {
      // Give outstanding acks a moment, then stop.
      ioc.stop();
      return;
    }
    poll.expires_after(std::chrono::milliseconds(100));
    poll.async_wait(check);
  };
  poll.expires_after(std::chrono::milliseconds(100));
  poll.async_wait(check);
  ioc.run();
  const double cpu = CpuSeconds() - cpu0;

  std::vector<uint32_t>& l = tally.latencies_us;
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) -> uint32_t {
    if (l.empty()) return 0;
    return l[std::min(l.size() - 1, static_cast<size_t>(p * static_cast<double>(l.size())))];
  };
  std::printf(
      "offered_eps=%.0f achieved_eps=%.0f acked=%llu acked_total=%llu p50_us=%u p99_us=%u "
      "errors=%llu "
      "failed_connections=%d gen_cpu_s=%.2f\n",
      o.rate, static_cast<double>(tally.acked_events) / o.duration_s,
      static_cast<unsigned long long>(tally.acked_events),
      static_cast<unsigned long long>(tally.acked_total), pct(0.50), pct(0.99),
      static_cast<unsigned long long>(tally.errors), tally.failed_connections, cpu);
  return (tally.acked_events == 0 || tally.failed_connections > 0) ? 1 : 0;
}
