// The PostgresServer fixture starts a real PostgreSQL 15 that psql can use, creates databases,
// and keeps committed data across Restart() and a crash.
#include <gtest/gtest.h>

#include "support/shared_servers.h"
#include "support/test_namespace.h"

namespace testing_support {
namespace {

TEST(PostgresFixture, CreateTableInsertSelect) {
  PostgresServer* pg = SharedPostgres();
  ASSERT_NE(pg, nullptr);
  const std::string db = UniqueDatabaseName();
  EXPECT_EQ(pg->url(db), "postgresql://test@127.0.0.1:" + std::to_string(pg->port()) + "/" + db);

  core::Status created = pg->CreateDatabase(db);
  ASSERT_TRUE(created.ok()) << created.ToString();
  auto rows = pg->Sql(db,
                      "CREATE TABLE events (id int PRIMARY KEY, body text);"
                      "INSERT INTO events VALUES (1, 'héllo'), (2, 'world');"
                      "SELECT id, body FROM events ORDER BY id;");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, "1|héllo\n2|world\n");

  auto encoding = pg->Sql(db, "SHOW server_encoding;");
  ASSERT_TRUE(encoding.ok()) << encoding.status().ToString();
  EXPECT_EQ(*encoding, "UTF8\n");
}

TEST(PostgresFixture, DatabasesAreIsolatedPerTest) {
  PostgresServer* pg = SharedPostgres();
  ASSERT_NE(pg, nullptr);
  const std::string a = UniqueDatabaseName();
  const std::string b = UniqueDatabaseName();
  ASSERT_NE(a, b);
  ASSERT_TRUE(pg->CreateDatabase(a).ok());
  ASSERT_TRUE(pg->CreateDatabase(b).ok());
  ASSERT_TRUE(pg->Sql(a, "CREATE TABLE only_in_a (x int);").ok());
  auto missing = pg->Sql(b, "SELECT * FROM only_in_a;");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("relation \"only_in_a\" does not exist"),
            std::string::npos)
      << missing.status().ToString();
}

TEST(PostgresFixture, CreatingAnExistingDatabaseFailsWithPsqlMessage) {
  PostgresServer* pg = SharedPostgres();
  ASSERT_NE(pg, nullptr);
  const std::string db = UniqueDatabaseName();
  ASSERT_TRUE(pg->CreateDatabase(db).ok());
  core::Status again = pg->CreateDatabase(db);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.message().find("database \"" + db + "\" already exists"), std::string::npos)
      << again.ToString();
}

TEST(PostgresFixture, DataSurvivesRestartAndCrash) {
  PostgresServer* pg = SharedPostgres();
  ASSERT_NE(pg, nullptr);
  const std::string db = UniqueDatabaseName();
  ASSERT_TRUE(pg->CreateDatabase(db).ok());
  ASSERT_TRUE(
      pg->Sql(db, "CREATE TABLE t (v text); INSERT INTO t VALUES ('before restart');").ok());

  const int port = pg->port();
  core::Status restarted = pg->Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  EXPECT_EQ(pg->port(), port);
  auto rows = pg->Sql(db, "SELECT v FROM t;");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, "before restart\n");

  // A crash (SIGKILL of the postmaster) keeps committed rows: crash recovery replays the WAL.
  ASSERT_TRUE(pg->Sql(db, "INSERT INTO t VALUES ('before crash');").ok());
  pg->Kill();
  restarted = pg->Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  rows = pg->Sql(db, "SELECT v FROM t ORDER BY v;");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, "before crash\nbefore restart\n");
}

}  // namespace
}  // namespace testing_support
