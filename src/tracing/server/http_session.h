// HttpSession: one plain HTTP/1.1 connection of the trace server's port (internal to
// src/tracing/server). Serves /health, /ready and the query API (HttpQueryApi), keeps the
// connection alive between requests, and hands a WebSocket upgrade request to a new WsSession,
// or answers it 503 when max_connections sessions are open.
//
// Each request header must arrive within handshake_timeout (also the keep-alive idle limit);
// headers are limited to 8 KiB, bodies to 64 KiB. Runs on the connection's strand; keeps itself
// alive through its pending operation.
#pragma once

#include <memory>
#include <optional>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/asio.h"
#include "tracing/server/server_state.h"

namespace tracing::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, ServerState& state);
  void Start() { DoRead(); }

 private:
  void DoRead();
  void OnRead(boost::beast::error_code ec);
  void Upgrade(boost::beast::http::request<boost::beast::http::string_body>&& request);
  void Respond(unsigned status, std::string body, bool keep_alive, bool head = false,
               std::string_view content_type = "application/json");
  void OnWrite(boost::beast::error_code ec, bool keep_alive);

  boost::beast::tcp_stream stream_;
  ServerState& state_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<boost::beast::http::response<boost::beast::http::string_body>> response_;
};

}  // namespace tracing::server
