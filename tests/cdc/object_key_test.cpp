#include "cdc/pipeline/object_key.h"

#include <gtest/gtest.h>

namespace cdc {
namespace {

// 2025-01-15 10:30:45 UTC
constexpr int64_t kT = 1736937045;

ObjectKeyParts Parts(std::string_view coll = "users") {
  ObjectKeyParts p;
  p.prefix = "events";
  p.db = "shop";
  p.coll = coll;
  p.partition_time_s = kT;
  p.first_cluster_time = {static_cast<uint32_t>(kT), 7};
  p.first_token = "token-bytes";
  p.extension = ".jsonl";
  return p;
}

std::string Name() {
  // The name part is the same for every strategy; compute it once from a flat key.
  std::string flat = MakeObjectKey(KeyStrategy::kFlat, Parts());
  return flat.substr(std::string("events/shop.users_").size());
}

TEST(ObjectKeyTest, NameIsTimeIncrementAndTokenHash) {
  const std::string name = Name();
  ASSERT_EQ(name.size(), std::string("20250115T103045Z-0000000007-0123456789ab.jsonl").size());
  EXPECT_EQ(name.substr(0, 28), "20250115T103045Z-0000000007-");
  EXPECT_EQ(name.substr(name.size() - 6), ".jsonl");
}

TEST(ObjectKeyTest, EveryStrategyHasTheDocumentedLayout) {
  const std::string n = Name();
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kHive, Parts()),
            "events/database=shop/collection=users/year=2025/month=01/day=15/hour=10/" + n);
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kDateHour, Parts()), "events/shop/users/2025/01/15/10/" + n);
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kDate, Parts()), "events/shop/users/2025/01/15/" + n);
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kCollection, Parts()), "events/shop/users/" + n);
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kFlat, Parts()), "events/shop.users_" + n);
}

TEST(ObjectKeyTest, DeterministicFromSourcePositionOnly) {
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kHive, Parts()), MakeObjectKey(KeyStrategy::kHive, Parts()));
  ObjectKeyParts other = Parts();
  other.first_token = "another-token";  // same cluster time (a transaction), other event
  EXPECT_NE(MakeObjectKey(KeyStrategy::kHive, Parts()), MakeObjectKey(KeyStrategy::kHive, other));
}

TEST(ObjectKeyTest, PartitionTimeIsSeparateFromTheName) {
  ObjectKeyParts p = Parts();
  p.partition_time_s = kT + 3600;  // e.g. processing time an hour later
  const std::string key = MakeObjectKey(KeyStrategy::kDateHour, p);
  EXPECT_EQ(key, "events/shop/users/2025/01/15/11/" + Name());
}

TEST(ObjectKeyTest, OddCollectionNamesAreEscaped) {
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kCollection, Parts("a/b")).substr(0, 19),
            "events/shop/a%2Fb/2");
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kCollection, Parts("my coll.v2")).substr(0, 28),
            "events/shop/my%20coll.v2/202");
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kHive, Parts("caf\xC3\xA9")).substr(0, 47),
            "events/database=shop/collection=caf%C3%A9/year=");
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kCollection, Parts("..")).substr(0, 19),
            "events/shop/%2E%2E/");
}

TEST(ObjectKeyTest, DatabaseEventsWithoutCollection) {
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kCollection, Parts("")).substr(0, 22),
            "events/shop/_database/");
}

TEST(ObjectKeyTest, PrefixSlashesAreNormalised) {
  ObjectKeyParts p = Parts();
  p.prefix = "/cdc/prod/";
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kCollection, p), "cdc/prod/shop/users/" + Name());
  p.prefix = "";
  EXPECT_EQ(MakeObjectKey(KeyStrategy::kCollection, p), "shop/users/" + Name());
}

TEST(ObjectKeyTest, ParseStrategy) {
  EXPECT_EQ(*ParseKeyStrategy("hive"), KeyStrategy::kHive);
  EXPECT_EQ(*ParseKeyStrategy("date_hour"), KeyStrategy::kDateHour);
  auto bad = ParseKeyStrategy("hourly");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "invalid key strategy \"hourly\"; expected one of: hive, date_hour, date, collection, "
            "flat");
}

}  // namespace
}  // namespace cdc
