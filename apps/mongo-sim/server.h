// The TCP front end: a listening socket and one thread per client connection, each reading
// wire-protocol messages, running them through RunCommand and writing the replies.
#pragma once

#include <condition_variable>
#include <mutex>
#include <set>

#include "core/status.h"
#include "server_state.h"

namespace mongosim {

class Server {
 public:
  explicit Server(ServerOptions options) : state_(std::move(options)) {}
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens (port 0 picks a free port). After success, port() is the bound port.
  core::Status Listen();
  int port() const { return state_.port.load(); }

  // Accepts connections until Stop(); returns after every connection thread has ended.
  void Run();

  // Stops accepting, closes every connection and wakes blocked getMores. Thread-safe; not
  // async-signal-safe (call it from a signal-waiting thread).
  void Stop();

  ServerState& state() { return state_; }

 private:
  void Serve(int fd);

  ServerState state_;
  int listen_fd_ = -1;
  std::mutex conn_mu_;
  std::condition_variable conn_cv_;
  std::set<int> connections_;  // open client fds, for Stop()
  int active_ = 0;
};

}  // namespace mongosim
