// The RedisServer fixture starts a real redis-server that redis-cli can use, honours a password
// and TLS, and keeps data across Restart() when persistence is on.
#include <gtest/gtest.h>

#include <cstdlib>

#include "support/run_command.h"
#include "support/shared_servers.h"
#include "support/test_namespace.h"

namespace testing_support {
namespace {

TEST(RedisFixture, PingSetGetThroughRedisCli) {
  RedisServer* redis = SharedRedis();
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ(redis->url(), "redis://127.0.0.1:" + std::to_string(redis->port()) + "/0");

  auto pong = redis->Cli({"PING"});
  ASSERT_TRUE(pong.ok()) << pong.status().ToString();
  EXPECT_EQ(*pong, "PONG");

  const std::string key = UniqueKeyPrefix(":") + "greeting";
  auto set = redis->Cli({"SET", key, "hello world"});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(*set, "OK");
  auto get = redis->Cli({"GET", key});
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(*get, "hello world");
}

TEST(RedisFixture, SharedAccessorReturnsTheSameServer) {
  RedisServer* first = SharedRedis();
  RedisServer* second = SharedRedis();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first, second);
}

TEST(RedisFixture, PasswordIsRequiredWhenSet) {
  RedisOptions options;
  options.password = "s3cret-pw";
  RedisServer* redis = SharedRedis(options);
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ(redis->url(3), "redis://:s3cret-pw@127.0.0.1:" + std::to_string(redis->port()) + "/3");

  auto ok = redis->Cli({"PING"});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, "PONG");

  // Without the password, Redis refuses the command.
  ChildOptions anonymous = redis->CliCommand({"PING"});
  anonymous.env.clear();
  auto refused = RunCommand(anonymous);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_NE((refused->out + refused->err).find("NOAUTH Authentication required"), std::string::npos)
      << refused->out << refused->err;

  // A wrong password is rejected too, and the wrapper reports the reply.
  ChildOptions wrong = redis->CliCommand({"PING"});
  wrong.env = {{"REDISCLI_AUTH", "not-the-password"}};
  auto rejected = RunCommand(wrong);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_NE((rejected->out + rejected->err).find("WRONGPASS"), std::string::npos)
      << rejected->out << rejected->err;
}

TEST(RedisFixture, TlsWithSelfSignedCertificate) {
  RedisOptions options;
  options.tls = true;
  RedisServer* redis = SharedRedis(options);
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ(redis->url(), "rediss://127.0.0.1:" + std::to_string(redis->port()) + "/0");

  const std::string key = UniqueKeyPrefix(":") + "k";
  auto set = redis->Cli({"SET", key, "over-tls"});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  auto get = redis->Cli({"GET", key});
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(*get, "over-tls");

  // The port speaks only TLS: a plain-text client gets no answer.
  ChildOptions plain = redis->CliCommand({"PING"});
  plain.argv = {"redis-cli", "-h", "127.0.0.1", "-p", std::to_string(redis->port()), "PING"};
  auto refused = RunCommand(plain, std::chrono::seconds(30));
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->out.find("PONG"), std::string::npos);
}

TEST(RedisFixture, DataSurvivesRestartWithPersistence) {
  RedisOptions options;
  options.persistence = true;
  RedisServer* redis = SharedRedis(options);
  ASSERT_NE(redis, nullptr);
  const std::string key = UniqueKeyPrefix(":") + "durable";
  ASSERT_TRUE(redis->Cli({"SET", key, "still here"}).ok());

  core::Status restarted = redis->Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  auto after_restart = redis->Cli({"GET", key});
  ASSERT_TRUE(after_restart.ok()) << after_restart.status().ToString();
  EXPECT_EQ(*after_restart, "still here");

  // appendfsync always: even a crash keeps acknowledged writes.
  ASSERT_TRUE(redis->Cli({"SET", key, "after crash"}).ok());
  redis->Kill();
  restarted = redis->Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  auto after_crash = redis->Cli({"GET", key});
  ASSERT_TRUE(after_crash.ok()) << after_crash.status().ToString();
  EXPECT_EQ(*after_crash, "after crash");
}

TEST(RedisFixture, DataIsGoneAfterRestartWithoutPersistence) {
  auto redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status().ToString();
  ASSERT_TRUE((*redis)->Cli({"SET", "volatile", "x"}).ok());
  core::Status restarted = (*redis)->Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  auto get = (*redis)->Cli({"GET", "volatile"});
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(*get, "");
}

TEST(RedisFixture, ErrorReplyIsReportedWithItsText) {
  RedisServer* redis = SharedRedis();
  ASSERT_NE(redis, nullptr);
  auto bad = redis->Cli({"NOSUCHCOMMAND"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("ERR unknown command"), std::string::npos)
      << bad.status().ToString();
}

TEST(RedisFixture, MissingBinaryFailsWithInstallHint) {
  const char* saved = std::getenv("PATH");
  std::string path = saved ? saved : "";
  setenv("PATH", "/rr/nonexistent", 1);
  auto redis = RedisServer::Start();
  setenv("PATH", path.c_str(), 1);
  ASSERT_FALSE(redis.ok());
  EXPECT_EQ(redis.status().ToString(),
            "NotFound: redis-server not found: install the Debian package redis-server "
            "(bash scripts/setup.sh)");
}

}  // namespace
}  // namespace testing_support
