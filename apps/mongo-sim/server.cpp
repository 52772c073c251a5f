#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "commands.h"
#include "wire_message.h"

namespace mongosim {
namespace {

bool ReadFull(int fd, char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::recv(fd, buf + got, n - got, 0);
    if (r > 0) {
      got += size_t(r);
    } else if (r < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

bool WriteFull(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t w = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (w > 0) {
      sent += size_t(w);
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

// Writes `head` then `body` (one writev where possible).
bool WriteTwo(int fd, const std::string& head, const uint8_t* body, size_t body_len) {
  iovec iov[2] = {{const_cast<char*>(head.data()), head.size()},
                  {const_cast<uint8_t*>(body), body_len}};
  size_t total = head.size() + body_len, sent = 0;
  while (sent < total) {
    msghdr msg{};
    iovec parts[2];
    int n = 0;
    size_t skip = sent;
    for (const iovec& v : iov) {
      if (skip >= v.iov_len) {
        skip -= v.iov_len;
        continue;
      }
      parts[n++] = {static_cast<char*>(v.iov_base) + skip, v.iov_len - skip};
      skip = 0;
    }
    msg.msg_iov = parts;
    msg.msg_iovlen = size_t(n);
    ssize_t w = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (w > 0) {
      sent += size_t(w);
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

core::Status Server::Listen() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return core::ErrnoStatus(errno, "socket");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(state_.options.port));
  if (::inet_pton(AF_INET, state_.options.bind.c_str(), &addr.sin_addr) != 1)
    return core::InvalidArgument("--bind '" + state_.options.bind +
                                 "' is not an IPv4 address (expected e.g. 127.0.0.1)");
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return core::ErrnoStatus(
        errno, "bind " + state_.options.bind + ":" + std::to_string(state_.options.port));
  if (::listen(listen_fd_, 128) != 0) return core::ErrnoStatus(errno, "listen");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  state_.port = ntohs(addr.sin_port);
  return core::Status::Ok();
}

void Server::Run() {
  while (!state_.shutting_down.load()) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;  // listener shut down
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    {
      std::lock_guard lock(conn_mu_);
      if (state_.shutting_down.load()) {
        ::close(fd);
        break;
      }
      connections_.insert(fd);
      ++active_;
    }
    std::thread([this, fd] { Serve(fd); }).detach();
  }
  std::unique_lock lock(conn_mu_);
  conn_cv_.wait(lock, [&] { return active_ == 0; });
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
}

void Server::Stop() {
  state_.shutting_down = true;
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
  {
    std::lock_guard lock(conn_mu_);
    for (int fd : connections_)
      ::shutdown(fd, SHUT_RDWR);
  }
  {
    std::lock_guard lock(state_.mu);
    state_.cursors.KillAll();
  }
  state_.oplog_cv.notify_all();
}

void Server::Serve(int fd) {
  ConnectionInfo info;
  info.id = state_.next_connection_id.fetch_add(1);
  int32_t next_request_id = 1;
  std::string buf;
  while (!state_.shutting_down.load()) {
    char header[16];
    if (!ReadFull(fd, header, sizeof header)) break;
    MessageHeader h = DecodeHeader(reinterpret_cast<const uint8_t*>(header));
    if (h.length < 16 || h.length > kMaxMessageBytes) {
      std::fprintf(stderr, "mongo-sim: connection %lld sent a message of %d bytes; closing\n",
                   static_cast<long long>(info.id), h.length);
      break;
    }
    buf.assign(header, sizeof header);
    buf.resize(size_t(h.length));
    if (!ReadFull(fd, buf.data() + 16, buf.size() - 16)) break;
    Request req;
    bson_t reply = BSON_INITIALIZER;
    core::Status parsed = ParseRequest(buf, req);
    CommandOutcome outcome;
    if (!parsed.ok()) {
      AppendError(reply, Error(9, "FailedToParse", parsed.message()));
    } else {
      outcome = RunCommand(state_, info, req.command, reply);
    }
    if (outcome.close_connection) {
      bson_destroy(&reply);
      break;
    }
    bool more_to_come = !req.legacy && (req.flags & kMsgMoreToCome);
    if (!more_to_come) {
      bool written;
      if (req.legacy) {
        written = WriteFull(fd, EncodeOpReply(next_request_id++, h.request_id, reply));
      } else {
        std::string head = OpMsgPrefix(next_request_id++, h.request_id, reply.len);
        written = WriteTwo(fd, head, bson_get_data(&reply), reply.len);
      }
      bson_destroy(&reply);
      if (!written) break;
    } else {
      bson_destroy(&reply);
    }
  }
  {
    std::lock_guard lock(conn_mu_);
    connections_.erase(fd);
    ::close(fd);
    --active_;
  }
  conn_cv_.notify_all();
}

}  // namespace mongosim
