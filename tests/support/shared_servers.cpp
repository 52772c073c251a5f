#include "support/shared_servers.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>

namespace testing_support {
namespace {

// A lazily started server, or the reason it could not start.
template <typename Server>
struct Slot {
  std::unique_ptr<Server> server;
  core::Status failure;
};

struct Servers {
  std::map<std::string, Slot<RedisServer>> redis;
  Slot<PostgresServer> postgres;
  Slot<RadosGw> rados_gw;
  Slot<S3rver> s3rver;

  void StopAll() {
    rados_gw.server.reset();
    s3rver.server.reset();
    postgres.server.reset();
    redis.clear();
  }
};

Servers& TheServers() {
  static Servers servers;
  return servers;
}

class SharedServersEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { TheServers().StopAll(); }
};

// Registered at static-initialization time of any binary that links this file, i.e. that calls
// one of the accessors; gtest owns the environment.
[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedServersEnvironment);

template <typename Server, typename StartFn>
Server* Acquire(Slot<Server>& slot, const std::string& what, StartFn start) {
  if (slot.server) return slot.server.get();
  if (slot.failure.ok()) {
    auto t0 = std::chrono::steady_clock::now();
    auto started = start();
    if (started.ok()) {
      slot.server = std::move(started).value();
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - t0)
                    .count();
      std::fprintf(stderr, "[fixtures] %s started in %lld ms\n", what.c_str(),
                   static_cast<long long>(ms));
      return slot.server.get();
    }
    slot.failure = started.status();
  }
  ADD_FAILURE() << what << " is not available: " << slot.failure.ToString();
  return nullptr;
}

}  // namespace

RedisServer* SharedRedis(const RedisOptions& options) {
  const std::string name = options.Name();
  // Keyed by the password too, so a test always gets the password it asked for.
  return Acquire(TheServers().redis[name + '\n' + options.password], "redis (" + name + ")",
                 [&] { return RedisServer::Start(options); });
}

PostgresServer* SharedPostgres() {
  return Acquire(TheServers().postgres, "postgres", [] { return PostgresServer::Start(); });
}

RadosGw* SharedRadosGw() {
  return Acquire(TheServers().rados_gw, "radosgw", [] { return RadosGw::Start(); });
}

S3rver* SharedS3rver() {
  return Acquire(TheServers().s3rver, "s3rver", [] { return S3rver::Start(); });
}

}  // namespace testing_support
