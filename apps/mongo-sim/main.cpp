// mongo-sim: a one-member MongoDB replica set (wire protocol, oplog, change streams) for tests,
// demos and benchmarks. Usage: mongo-sim --port N [--bind 127.0.0.1] [--oplog-size N]
// [--replset rs0]
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "server.h"

int main(int argc, char** argv) {
  mongosim::ServerOptions options;
  CLI::App app{"mongo-sim: a MongoDB replica-set simulator speaking the wire protocol"};
  app.add_option("--port", options.port, "TCP port to listen on (0 picks a free one)")->required();
  app.add_option("--bind", options.bind, "IPv4 address to bind")->capture_default_str();
  app.add_option("--oplog-size", options.oplog_size,
                 "oplog cap in entries; older entries are dropped (0 = unbounded)")
      ->capture_default_str();
  app.add_option("--replset", options.replset, "replica set name")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  // Change-stream replies are up to 16 MiB; keep freed buffers in the heap instead of returning
  // them to the kernel, which would zero fresh pages for every batch.
  mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  mongosim::Server server(options);
  core::Status listening = server.Listen();
  if (!listening.ok()) {
    std::fprintf(stderr, "mongo-sim: %s\n", listening.ToString().c_str());
    return 1;
  }
  std::printf("mongo-sim listening on %s:%d\n", options.bind.c_str(), server.port());
  std::fflush(stdout);

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.Stop();
  });
  server.Run();
  waiter.join();
  return 0;
}
