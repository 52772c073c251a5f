#include "tracing/server/http_session.h"

#include <boost/beast/websocket.hpp>

#include "tracing/server/http_query_api.h"
#include "tracing/server/ws_session.h"

namespace tracing::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

HttpSession::HttpSession(net::ip::tcp::socket socket, ServerState& state)
    : stream_(std::move(socket)), state_(state) {}

void HttpSession::DoRead() {
  parser_.emplace();
  parser_->header_limit(8 * 1024);
  parser_->body_limit(64 * 1024);
  stream_.expires_after(state_.options.handshake_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
}

void HttpSession::OnRead(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
      ec == beast::error::timeout) {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    return;
  }
  if (ec) {
    if (ec == http::error::header_limit) {
      Respond(431, HttpErrorJson("request header too large", "InvalidRequest"), false);
    } else if (ec == http::error::body_limit) {
      Respond(413, HttpErrorJson("request body too large", "InvalidRequest"), false);
    } else if (ec != net::error::eof && ec != net::error::connection_reset) {
      Respond(400, HttpErrorJson("malformed HTTP request: " + ec.message(), "InvalidRequest"),
              false);
    }
    return;
  }
  http::request<http::string_body> req = parser_->release();
  if (beast::websocket::is_upgrade(req)) {
    Upgrade(std::move(req));
    return;
  }
  const bool keep_alive = req.keep_alive() && !state_.stopping.load();
  const bool head = req.method() == http::verb::head;
  if (req.method() != http::verb::get && !head) {
    Respond(405, HttpErrorJson("method not allowed; use GET", "InvalidRequest"), keep_alive);
    return;
  }
  std::string_view target(req.target().data(), req.target().size());
  const size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  if (path == "/health" || path == "/ready") {
    const core::HealthReport report = state_.health.Run(
        path == "/health" ? core::HealthProbe::kLiveness : core::HealthProbe::kReadiness);
    Respond(report.ok ? 200 : 503, core::HealthReportJson(report), keep_alive, head);
    return;
  }
  if (path.starts_with("/api/")) {
    HttpReply reply = ServeQueryApi(state_.service, path, query);
    Respond(reply.status, std::move(reply.body), keep_alive, head);
    return;
  }
  Respond(404, HttpErrorJson("no such path: " + std::string(path), "NotFound"), keep_alive, head);
}

void HttpSession::Upgrade(http::request<http::string_body>&& request) {
  const size_t open = state_.ws_sessions.fetch_add(1, std::memory_order_relaxed);
  if (open >= state_.options.max_connections || state_.stopping.load()) {
    state_.ws_sessions.fetch_sub(1, std::memory_order_relaxed);
    const bool full = !state_.stopping.load();
    Respond(503,
            HttpErrorJson(full ? "too many connections (server.max_connections = " +
                                     std::to_string(state_.options.max_connections) + ")"
                               : std::string("server shutting down"),
                          "Unavailable"),
            false);
    return;
  }
  auto session = std::make_shared<WsSession>(std::move(stream_), state_);
  session->Accept(std::move(request));
}

void HttpSession::Respond(unsigned status, std::string body, bool keep_alive, bool head,
                          std::string_view content_type) {
  response_.emplace(static_cast<http::status>(status), 11);
  response_->set(http::field::server, "reflow-tracing");
  response_->set(http::field::content_type, content_type);
  response_->keep_alive(keep_alive);
  const size_t length = body.size();
  if (!head) response_->body() = std::move(body);
  response_->content_length(length);
  stream_.expires_after(state_.options.handshake_timeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                      self->OnWrite(ec, keep_alive);
                    });
}

void HttpSession::OnWrite(beast::error_code ec, bool keep_alive) {
  if (ec) return;
  if (!keep_alive) {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    return;
  }
  DoRead();
}

}  // namespace tracing::server
