// A tiny blocking HTTP/1.1 client over raw sockets for tests of our servers on 127.0.0.1.
//
// Deliberately minimal and independent of Beast (the server's own library), so a parsing bug in
// the server is not mirrored by the client. Every read has a generous timeout (10 s by default)
// so a hung server fails the test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace testing_support {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  // The header's value, or "" if absent (`name` in lower case).
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class LoopbackConnection {
 public:
  // Connects to 127.0.0.1:port.
  static core::Result<LoopbackConnection> Connect(
      uint16_t port, std::chrono::milliseconds read_timeout = std::chrono::seconds(10));
  ~LoopbackConnection();
  LoopbackConnection(LoopbackConnection&& other) noexcept;
  LoopbackConnection& operator=(LoopbackConnection&& other) noexcept;

  // Writes all of `bytes`.
  core::Status Send(std::string_view bytes);
  // Reads one response (body by Content-Length; for HEAD, pass head=true: no body is read).
  core::Result<HttpReply> ReadReply(bool head = false);
  // Reads until the peer closes the connection; returns what arrived. A reset counts as closed.
  // Fails if the read timeout passes first.
  core::Result<std::string> ReadUntilClosed();

 private:
  explicit LoopbackConnection(int fd) : fd_(fd) {}
  core::Status Fill();  // reads more bytes into buffer_; error on EOF/timeout

  int fd_ = -1;
  std::string buffer_;
};

// One "GET target" (or other method) with Connection: close on a fresh connection.
core::Result<HttpReply> HttpRequest(uint16_t port, std::string_view method,
                                    std::string_view target);

}  // namespace testing_support
