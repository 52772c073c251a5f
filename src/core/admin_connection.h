// One HTTP/1.1 connection of the admin server (internal to admin_server.cpp).
//
// All members run on the server's io thread. The connection keeps itself alive (shared_ptr
// captured by its pending operation) and tells its AdminConnectionHost when it is destroyed.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/admin_server.h"
#include "core/asio.h"

namespace core::admin_internal {

// Requests may carry at most this many bytes of request line and header fields.
inline constexpr size_t kMaxHeaderBytes = 8 * 1024;

class AdminConnection;

// What a connection needs from the server that owns it.
class AdminConnectionHost {
 public:
  virtual ~AdminConnectionHost() = default;
  virtual const AdminServerOptions& options() const = 0;
  virtual bool stopping() const = 0;
  // Answers a GET or HEAD request.
  virtual AdminResponse Dispatch(const AdminRequest& request) = 0;
  virtual void Forget(AdminConnection* connection) = 0;
};

class AdminConnection : public std::enable_shared_from_this<AdminConnection> {
 public:
  // `served` says whether the host counts it as a served connection or a rejected one.
  AdminConnection(boost::asio::ip::tcp::socket socket, AdminConnectionHost& host, bool served);
  ~AdminConnection();

  bool served() const { return served_; }

  // Reads and answers requests until the peer closes, misbehaves, or times out.
  void Serve();
  // Answers 503 (too many connections) without reading a request, then closes.
  void Reject();
  // Closes the socket now; pending operations end with operation_aborted.
  void Close();

 private:
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void Respond(unsigned status, std::string_view content_type, std::string body, bool close,
               bool head, bool allow_header = false);
  void RespondError(unsigned status, std::string_view error, bool close);
  void OnWritten(boost::beast::error_code ec, bool close);
  // Half-closes, then discards input until the peer closes (or a short deadline), so the
  // response is not lost to a TCP reset caused by unread request bytes.
  void Linger();
  void Drain();

  boost::beast::tcp_stream stream_;
  AdminConnectionHost& host_;
  const bool served_;
  boost::beast::flat_buffer buffer_{kMaxHeaderBytes};
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::string_body>>
      serializer_;
  std::array<char, 1024> drain_buffer_;
};

}  // namespace core::admin_internal
