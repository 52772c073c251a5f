#include "support/loopback_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

namespace testing_support {

using core::Result;
using core::Status;

Result<LoopbackConnection> LoopbackConnection::Connect(uint16_t port,
                                                       std::chrono::milliseconds read_timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return core::ErrnoStatus(errno, "socket");
  LoopbackConnection conn(fd);
  timeval tv{};
  tv.tv_sec = read_timeout.count() / 1000;
  tv.tv_usec = (read_timeout.count() % 1000) * 1000;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return core::ErrnoStatus(errno, "connect to 127.0.0.1:" + std::to_string(port));
  }
  return conn;
}

LoopbackConnection::~LoopbackConnection() {
  if (fd_ >= 0) ::close(fd_);
}

LoopbackConnection::LoopbackConnection(LoopbackConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

LoopbackConnection& LoopbackConnection::operator=(LoopbackConnection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

Status LoopbackConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::ErrnoStatus(errno, "send");
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status LoopbackConnection::Fill() {
  char chunk[4096];
  for (;;) {
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return Status::Ok();
    }
    if (n == 0) return core::Unavailable("recv: connection closed by peer");
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return core::DeadlineExceeded("recv: no data before the read timeout");
    }
    return core::ErrnoStatus(errno, "recv");
  }
}

Result<HttpReply> LoopbackConnection::ReadReply(bool head) {
  size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    CORE_RETURN_IF_ERROR(Fill().WithContext("reading response header"));
  }
  std::string header = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);

  HttpReply reply;
  size_t line_end = header.find("\r\n");
  std::string status_line = header.substr(0, line_end);
  if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
    return core::Internal("bad status line: " + status_line);
  }
  reply.status = std::stoi(status_line.substr(9, 3));
  size_t pos = line_end == std::string::npos ? header.size() : line_end + 2;
  while (pos < header.size()) {
    size_t eol = header.find("\r\n", pos);
    if (eol == std::string::npos) eol = header.size();
    std::string line = header.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (colon == std::string::npos) return core::Internal("bad header line: " + line);
    std::string name = line.substr(0, colon);
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t value_start = line.find_first_not_of(' ', colon + 1);
    reply.headers[name] = value_start == std::string::npos ? "" : line.substr(value_start);
  }
  if (head) return reply;
  std::string length_text = reply.Header("content-length");
  if (length_text.empty()) return core::Internal("response without Content-Length");
  size_t length = std::stoul(length_text);
  while (buffer_.size() < length) {
    CORE_RETURN_IF_ERROR(Fill().WithContext("reading response body"));
  }
  reply.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return reply;
}

Result<std::string> LoopbackConnection::ReadUntilClosed() {
  for (;;) {
    Status st = Fill();
    if (st.ok()) continue;
    if (st.code() == core::ErrorCode::kDeadlineExceeded) return st;
    return std::exchange(buffer_, std::string());  // closed or reset
  }
}

Result<HttpReply> HttpRequest(uint16_t port, std::string_view method, std::string_view target) {
  CORE_ASSIGN_OR_RETURN(LoopbackConnection conn, LoopbackConnection::Connect(port));
  std::string request = std::string(method) + " " + std::string(target) +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  CORE_RETURN_IF_ERROR(conn.Send(request));
  return conn.ReadReply(method == "HEAD");
}

}  // namespace testing_support
