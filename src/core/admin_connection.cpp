#include "core/admin_connection.h"

#include "core/json_writer.h"

namespace core::admin_internal {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr std::chrono::seconds kLingerTimeout{1};

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

}  // namespace

AdminConnection::AdminConnection(tcp::socket socket, AdminConnectionHost& host, bool served)
    : stream_(std::move(socket)), host_(host), served_(served) {
  beast::error_code ignored;
  stream_.socket().set_option(tcp::no_delay(true), ignored);
}

AdminConnection::~AdminConnection() {
  host_.Forget(this);
}

void AdminConnection::Serve() {
  ReadHeader();
}

void AdminConnection::Reject() {
  RespondError(503, "too many connections", /*close=*/true);
}

void AdminConnection::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void AdminConnection::ReadHeader() {
  if (host_.stopping()) return;
  parser_.emplace();
  parser_->header_limit(kMaxHeaderBytes);
  stream_.expires_after(host_.options().header_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void AdminConnection::OnHeader(beast::error_code ec) {
  if (ec) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      RespondError(431, "request header fields too large", /*close=*/true);
    } else if (IsHttpParseError(ec) && ec != http::error::end_of_stream &&
               ec != http::error::partial_message) {
      RespondError(400, "bad request: " + ec.message(), /*close=*/true);
    } else {
      Close();  // peer closed, header timeout, reset, or server stopping
    }
    return;
  }
  const auto& request = parser_->get();
  if (!parser_->is_done()) {  // a Content-Length > 0 or chunked body follows
    RespondError(413, "request body not accepted", /*close=*/true);
    return;
  }
  bool close = !request.keep_alive();
  bool head = request.method() == http::verb::head;
  if (request.method() != http::verb::get && !head) {
    std::string body;
    JsonWriter(&body)
        .BeginObject()
        .Field("error", "method not allowed")
        .Field("method", request.method_string())
        .EndObject();
    Respond(405, "application/json", std::move(body), close, false, /*allow_header=*/true);
    return;
  }
  std::string_view target = request.target();
  AdminRequest admin_request;
  size_t q = target.find('?');
  admin_request.path = target.substr(0, q);
  if (q != std::string_view::npos) admin_request.query = target.substr(q + 1);
  AdminResponse response = host_.Dispatch(admin_request);
  Respond(response.status, response.content_type, std::move(response.body), close, head);
}

void AdminConnection::RespondError(unsigned status, std::string_view error, bool close) {
  std::string body;
  JsonWriter(&body).BeginObject().Field("error", error).EndObject();
  Respond(status, "application/json", std::move(body), close, /*head=*/false);
}

void AdminConnection::Respond(unsigned status, std::string_view content_type, std::string body,
                              bool close, bool head, bool allow_header) {
  response_ = {};
  response_.version(11);
  response_.result(status);
  response_.set(http::field::content_type, content_type);
  response_.set(http::field::cache_control, "no-store");
  if (allow_header) response_.set(http::field::allow, "GET, HEAD");
  response_.body() = std::move(body);
  response_.prepare_payload();  // Content-Length of the body, also for HEAD
  response_.keep_alive(!close);
  serializer_.emplace(response_);
  stream_.expires_after(host_.options().write_timeout);
  auto done = [self = shared_from_this(), close](beast::error_code ec, size_t) {
    self->OnWritten(ec, close);
  };
  if (head) {
    http::async_write_header(stream_, *serializer_, std::move(done));
  } else {
    http::async_write(stream_, *serializer_, std::move(done));
  }
}

void AdminConnection::OnWritten(beast::error_code ec, bool close) {
  if (ec) {
    Close();
  } else if (close) {
    Linger();
  } else {
    ReadHeader();
  }
}

void AdminConnection::Linger() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTimeout);
  Drain();
}

void AdminConnection::Drain() {
  stream_.async_read_some(boost::asio::buffer(drain_buffer_),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec || self->host_.stopping()) {
                              self->Close();
                            } else {
                              self->Drain();
                            }
                          });
}

}  // namespace core::admin_internal
