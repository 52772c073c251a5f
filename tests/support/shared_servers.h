// One server of each kind per test binary, started on first use and stopped after the last test
// by a gtest Environment that this library registers (AddGlobalTestEnvironment) in every binary
// that uses these accessors.
//
// On failure (a missing binary, a server that does not come up) the accessor records a test
// failure carrying the message (install hint or log tail) and returns nullptr; later calls fail
// the same way without retrying. Use:
//
//   RedisServer* redis = SharedRedis();
//   ASSERT_NE(redis, nullptr);
//
// Give each test its own namespace on the shared server (test_namespace.h). Call from the main
// (test) thread only: servers die with the thread that started them (PR_SET_PDEATHSIG).
#pragma once

#include "support/postgres_server.h"
#include "support/rados_gw.h"
#include "support/redis_server.h"
#include "support/s3rver.h"

namespace testing_support {

// One Redis per distinct RedisOptions.
RedisServer* SharedRedis(const RedisOptions& options = {});
PostgresServer* SharedPostgres();
RadosGw* SharedRadosGw();
S3rver* SharedS3rver();

}  // namespace testing_support
