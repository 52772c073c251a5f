#include "tracing/server/trace_server.h"

#include <sys/statvfs.h>

#include "core/log.h"
#include "tracing/server/http_session.h"
#include "tracing/server/ws_session.h"

namespace tracing::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

core::Result<tcp::endpoint> ParseEndpoint(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    return core::InvalidArgument("bind address \"" + address + "\" is not HOST:PORT");
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port = address.substr(colon + 1);
  boost::system::error_code ec;
  net::ip::address ip = net::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec)
    return core::InvalidArgument("bind address \"" + address + "\": bad host: " + ec.message());
  int p = 0;
  try {
    p = std::stoi(port);
  } catch (...) {
    p = -1;
  }
  if (p < 0 || p > 65535)
    return core::InvalidArgument("bind address \"" + address + "\": bad port");
  return tcp::endpoint(ip, static_cast<uint16_t>(p));
}

}  // namespace

TraceServer::TraceServer(TraceServerOptions options, TraceStorage& storage, IngestWriter& ingest,
                         SubscriptionHub& hub, TraceService& service, ServerMetrics& metrics,
                         core::HealthChecks& health)
    : state_{std::move(options), storage, ingest, hub, service, metrics, health},
      ioc_(std::max(1, state_.options.worker_threads)),
      acceptor_(ioc_) {}

TraceServer::~TraceServer() {
  Stop(std::chrono::milliseconds(0));
}

core::Status TraceServer::Start() {
  CORE_ASSIGN_OR_RETURN(tcp::endpoint ep, ParseEndpoint(state_.options.bind_address));
  boost::system::error_code ec;
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Unavailable("cannot listen on " + state_.options.bind_address + ": " +
                             ec.message());
  }
  port_ = acceptor_.local_endpoint().port();

  TraceStorage& storage = state_.storage;
  checks_.push_back(state_.health.AddLiveness("storage", [&storage] {
    core::Status st = storage.Ping();
    return core::HealthCheckResult{st.ok(), st.ok() ? storage.Describe() : st.message()};
  }));
  checks_.push_back(state_.health.AddReadiness("storage", [&storage] {
    core::Status st = storage.Ping();
    return core::HealthCheckResult{st.ok(), st.ok() ? storage.Describe() : st.message()};
  }));
  if (!state_.options.disk_path.empty()) {
    checks_.push_back(state_.health.AddLiveness("disk", [this] {
      struct statvfs vfs {};
      if (::statvfs(state_.options.disk_path.c_str(), &vfs) != 0) {
        return core::HealthCheckResult{false, "statvfs " + state_.options.disk_path + " failed"};
      }
      const uint64_t free_bytes = uint64_t{vfs.f_bavail} * vfs.f_frsize;
      const bool ok = free_bytes >= state_.options.min_free_disk_bytes;
      return core::HealthCheckResult{
          ok, std::to_string(free_bytes) + " bytes free in " + state_.options.disk_path};
    }));
  }
  checks_.push_back(state_.health.AddReadiness("accepting", [this] {
    const bool ok = !state_.stopping.load();
    return core::HealthCheckResult{ok, ok ? "accepting connections" : "shutting down"};
  }));
  checks_.push_back(state_.health.AddReadiness("ingest_queue", [this] {
    const size_t q = state_.ingest.queued(), cap = state_.ingest.capacity();
    return core::HealthCheckResult{q < cap,
                                   std::to_string(q) + " of " + std::to_string(cap) + " queued"};
  }));
  size_gauge_ = state_.metrics.storage_size_bytes.Bind({}, [&storage] {
    core::Result<uint64_t> size = storage.SizeBytes();
    return size.ok() ? static_cast<double>(*size) : 0.0;
  });
  queue_gauge_ = state_.metrics.ingest_queue_depth.Bind(
      {}, [this] { return static_cast<double>(state_.ingest.queued()); });

  DoAccept();
  work_.emplace(ioc_.get_executor());
  const int n = std::max(1, state_.options.worker_threads);
  for (int i = 0; i < n; ++i)
    threads_.emplace_back([this] { ioc_.run(); });
  return {};
}

void TraceServer::DoAccept() {
  acceptor_.async_accept(net::make_strand(ioc_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
                           if (!ec) {
                             socket.set_option(tcp::no_delay(true), ec);
                             std::make_shared<HttpSession>(std::move(socket), state_)->Start();
                           } else {
                             core::Logger log("server");
                             LOG_WARN(log, "accept failed: {}", ec.message());
                           }
                           DoAccept();
                         });
}

void TraceServer::StopAccepting() {
  state_.stopping.store(true);
  net::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
}

void TraceServer::Stop(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  if (threads_.empty()) return;
  StopAccepting();
  std::vector<std::shared_ptr<WsSession>> sessions;
  {
    std::lock_guard lock(state_.sessions_mu);
    for (auto& [ptr, weak] : state_.sessions) {
      if (auto s = weak.lock()) sessions.push_back(std::move(s));
    }
  }
  for (auto& s : sessions)
    s->Shutdown();
  sessions.clear();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(state_.sessions_mu);
      if (state_.sessions.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  work_.reset();
  ioc_.stop();
  for (std::thread& t : threads_)
    t.join();
  threads_.clear();
  checks_.clear();
  size_gauge_.Reset();
  queue_gauge_.Reset();
}

}  // namespace tracing::server
