#include "core/admin_server.h"

#include <cerrno>
#include <charconv>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/admin_connection.h"
#include "core/asio.h"
#include "core/json_writer.h"
#include "core/prometheus_text.h"

namespace core {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using admin_internal::AdminConnection;

namespace {

constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
// Connections being answered 503 at once; beyond this a flood is closed without an answer.
constexpr size_t kMaxRejectedConnections = 64;

std::string JsonError(std::string_view error, std::string_view path) {
  std::string body;
  JsonWriter(&body).BeginObject().Field("error", error).Field("path", path).EndObject();
  return body;
}

AdminResponse HealthResponse(const HealthReport& report) {
  return AdminResponse{report.ok ? 200u : 503u, "application/json", HealthReportJson(report)};
}

// Splits "host:port" / "[v6]:port" and resolves it to one endpoint.
Result<tcp::endpoint> ResolveBindAddress(const std::string& address) {
  auto invalid = [&](std::string_view why) {
    return InvalidArgument("admin server: invalid bind address \"" + address +
                           "\": " + std::string(why));
  };
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) return invalid("expected host:port");
  std::string host = address.substr(0, colon);
  std::string_view port_text = std::string_view(address).substr(colon + 1);
  unsigned port = 0;
  auto [end, err] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || err != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return invalid("expected a port number 0-65535 after the last ':'");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return invalid("expected host:port");
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(ip, static_cast<uint16_t>(port));
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::string(port_text), ec);
  if (ec || results.empty()) {
    return invalid("cannot resolve host \"" + host + "\": " + ec.message());
  }
  return results.begin()->endpoint();
}

}  // namespace

class AdminServer::Impl final : public admin_internal::AdminConnectionHost {
 public:
  Impl(AdminServerOptions options, MetricRegistry& metrics, HealthChecks& health)
      : options_(std::move(options)), metrics_(metrics), health_(health) {
    if (options_.max_connections == 0) options_.max_connections = 1;
    routes_["/health"] = [this](const AdminRequest&) {
      return HealthResponse(health_.Run(HealthProbe::kLiveness));
    };
    routes_["/ready"] = [this](const AdminRequest&) {
      return HealthResponse(health_.Run(HealthProbe::kReadiness));
    };
    routes_["/metrics"] = [this](const AdminRequest&) {
      return AdminResponse{200, std::string(kPrometheusTextContentType), PrometheusText(metrics_)};
    };
  }

  ~Impl() override { Stop(); }

  void AddRoute(std::string path, AdminHandler handler) {
    std::lock_guard lock(routes_mu_);
    routes_[std::move(path)] = std::move(handler);
  }

  Status Start() {
    std::lock_guard lock(lifecycle_mu_);
    if (started_) return FailedPrecondition("admin server: already started");
    CORE_ASSIGN_OR_RETURN(tcp::endpoint endpoint, ResolveBindAddress(options_.bind_address));
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      ErrorCode code = (ec.value() == EACCES || ec.value() == EPERM)
                           ? ErrorCode::kPermissionDenied
                           : ErrorCode::kFailedPrecondition;
      return Status(
          code, "admin server: cannot listen on " + options_.bind_address + ": " + ec.message());
    }
    port_.store(acceptor_.local_endpoint().port());
    started_ = true;
    Accept();
    thread_ = std::thread([this] { ioc_.run(); });
    return Status::Ok();
  }

  uint16_t port() const { return port_.load(); }

  void Stop() {
    std::lock_guard lock(lifecycle_mu_);
    if (!started_ || stopped_) return;
    stopped_ = true;
    asio::post(ioc_, [this] {
      stopping_ = true;
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      retry_timer_.cancel();
      std::vector<AdminConnection*> open(connections_.begin(), connections_.end());
      for (AdminConnection* c : open)
        c->Close();
    });
    thread_.join();  // run() returns once every connection's last handler has run
  }

  // AdminConnectionHost, called on the io thread.
  const AdminServerOptions& options() const override { return options_; }
  bool stopping() const override { return stopping_; }

  AdminResponse Dispatch(const AdminRequest& request) override {
    AdminHandler handler;
    {
      std::lock_guard lock(routes_mu_);
      auto it = routes_.find(request.path);
      if (it != routes_.end()) handler = it->second;
    }
    if (!handler)
      return AdminResponse{404, "application/json", JsonError("not found", request.path)};
    try {
      return handler(request);
    } catch (...) {  // a handler bug must not take the server thread down
      return AdminResponse{500, "application/json", JsonError("internal error", request.path)};
    }
  }

  void Forget(AdminConnection* connection) override {
    connections_.erase(connection);
    (connection->served() ? served_count_ : rejected_count_)--;
  }

 private:
  void Accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (stopping_ || ec == asio::error::operation_aborted) return;
      if (ec) {  // e.g. EMFILE: back off instead of spinning
        retry_timer_.expires_after(kAcceptRetryDelay);
        retry_timer_.async_wait([this](boost::system::error_code wait_ec) {
          if (!wait_ec && !stopping_) Accept();
        });
        return;
      }
      OnAccepted(std::move(socket));
      Accept();
    });
  }

  void OnAccepted(tcp::socket socket) {
    bool serve = served_count_ < options_.max_connections;
    if (!serve && rejected_count_ >= kMaxRejectedConnections) {
      boost::system::error_code ignored;
      socket.close(ignored);  // flooded: do not even answer
      return;
    }
    auto connection = std::make_shared<AdminConnection>(std::move(socket), *this, serve);
    connections_.insert(connection.get());
    (serve ? served_count_ : rejected_count_)++;
    if (serve) {
      connection->Serve();
    } else {
      connection->Reject();
    }
  }

  AdminServerOptions options_;
  MetricRegistry& metrics_;
  HealthChecks& health_;

  std::mutex routes_mu_;
  std::map<std::string, AdminHandler, std::less<>> routes_;

  std::mutex lifecycle_mu_;
  bool started_ = false;
  bool stopped_ = false;
  std::atomic<uint16_t> port_{0};

  asio::io_context ioc_{1};
  tcp::acceptor acceptor_{ioc_};
  asio::steady_timer retry_timer_{ioc_};
  std::thread thread_;

  // io thread only
  bool stopping_ = false;
  std::set<AdminConnection*> connections_;
  size_t served_count_ = 0;
  size_t rejected_count_ = 0;
};

AdminServer::AdminServer(AdminServerOptions options, MetricRegistry& metrics, HealthChecks& health)
    : impl_(std::make_unique<Impl>(std::move(options), metrics, health)) {}

AdminServer::~AdminServer() = default;

void AdminServer::AddRoute(std::string path, AdminHandler handler) {
  impl_->AddRoute(std::move(path), std::move(handler));
}

Status AdminServer::Start() {
  return impl_->Start();
}

uint16_t AdminServer::port() const {
  return impl_->port();
}

void AdminServer::Stop() {
  impl_->Stop();
}

}  // namespace core
