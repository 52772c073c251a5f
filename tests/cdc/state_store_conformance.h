// The conformance suite every StateStore must pass. A test binary includes this header and
// instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(File, StateStoreConformance, testing::Values(StoreFactory{...}));
//
// `reopen` simulates a process restart: a new store object over the same backing storage
// (a memory store returns the same object: it keeps nothing across a real restart).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cdc/state/state_store.h"

namespace cdc {

struct StoreFactory {
  std::string name;
  // Creates a fresh, empty store for one test; `Reopen` gives a new handle to the same data.
  std::function<std::shared_ptr<StateStore>()> create;
  std::function<std::shared_ptr<StateStore>(const std::shared_ptr<StateStore>&)> reopen;
};

inline std::ostream& operator<<(std::ostream& os, const StoreFactory& f) {
  return os << f.name;
}

class StateStoreConformance : public testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override { store_ = GetParam().create(); }
  std::shared_ptr<StateStore> store_;
};

inline BatchManifest Manifest(uint64_t seq, std::string key) {
  BatchManifest m;
  m.sequence = seq;
  m.start_after = seq == 1 ? "" : std::string("\x05\x00\x00\x00\x00", 5) + std::to_string(seq);
  m.last_token = std::string("tok\0en", 6) + std::to_string(seq);  // binary-safe
  m.event_count = 100 * seq;
  m.partition_time_s = 1736937045 + static_cast<int64_t>(seq);
  m.object_key = std::move(key);
  return m;
}

TEST_P(StateStoreConformance, EmptyStreamHasNoCheckpointAndNoManifests) {
  auto cp = store_->LoadCheckpoint("db.coll");
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_FALSE(cp->has_value());
  auto ms = store_->LoadManifests("db.coll");
  ASSERT_TRUE(ms.ok());
  EXPECT_TRUE(ms->empty());
}

TEST_P(StateStoreConformance, CheckpointRoundTripsBinaryTokens) {
  StreamCheckpoint cp{std::string("\x1d\x00\x00\x00\x02_data\x00\xff\x01", 14), 7, 1700000000123};
  ASSERT_TRUE(store_->SaveCheckpoint("db.coll", cp).ok());
  auto got = store_->LoadCheckpoint("db.coll");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, cp);
}

TEST_P(StateStoreConformance, ManifestsAreSortedAndReplacedBySequence) {
  ASSERT_TRUE(store_->SaveManifest("s", Manifest(2, "b/2.jsonl")).ok());
  ASSERT_TRUE(store_->SaveManifest("s", Manifest(1, "a/1.jsonl")).ok());
  BatchManifest replaced = Manifest(2, "b/2-again.jsonl");
  ASSERT_TRUE(store_->SaveManifest("s", replaced).ok());
  auto ms = store_->LoadManifests("s");
  ASSERT_TRUE(ms.ok());
  ASSERT_EQ(ms->size(), 2u);
  EXPECT_EQ((*ms)[0], Manifest(1, "a/1.jsonl"));
  EXPECT_EQ((*ms)[1], replaced);
}

TEST_P(StateStoreConformance, CheckpointForgetsCoveredManifests) {
  for (uint64_t i = 1; i <= 4; ++i) {
    ASSERT_TRUE(store_->SaveManifest("s", Manifest(i, "k" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(store_->SaveCheckpoint("s", {"t2", 2, 1}).ok());
  auto ms = store_->LoadManifests("s");
  ASSERT_TRUE(ms.ok());
  ASSERT_EQ(ms->size(), 2u);
  EXPECT_EQ((*ms)[0].sequence, 3u);
  EXPECT_EQ((*ms)[1].sequence, 4u);
}

TEST_P(StateStoreConformance, StreamsAreIndependentEvenWithOddNames) {
  const std::vector<std::string> names = {"shop.orders", "shop.or/ders", "shop.ordérs 🙂",
                                          "shop",        "<deployment>", "a.b.c"};
  for (size_t i = 0; i < names.size(); ++i) {
    ASSERT_TRUE(store_->SaveCheckpoint(names[i], {"tok" + std::to_string(i), i, 0}).ok());
  }
  for (size_t i = 0; i < names.size(); ++i) {
    auto cp = store_->LoadCheckpoint(names[i]);
    ASSERT_TRUE(cp.ok());
    ASSERT_TRUE(cp->has_value()) << names[i];
    EXPECT_EQ((*cp)->token, "tok" + std::to_string(i)) << names[i];
  }
}

TEST_P(StateStoreConformance, ObjectKeysWithAnyCharactersRoundTrip) {
  BatchManifest m = Manifest(1, "events/db=shop/collection=a%2Fb/x y+z/é.jsonl.zst");
  ASSERT_TRUE(store_->SaveManifest("s", m).ok());
  auto ms = store_->LoadManifests("s");
  ASSERT_TRUE(ms.ok());
  ASSERT_EQ(ms->size(), 1u);
  EXPECT_EQ((*ms)[0].object_key, m.object_key);
}

TEST_P(StateStoreConformance, StateSurvivesARestart) {
  ASSERT_TRUE(store_->SaveManifest("s", Manifest(5, "k5")).ok());
  ASSERT_TRUE(store_->SaveCheckpoint("s", {"tok4", 4, 99}).ok());
  auto reopened = GetParam().reopen(store_);
  auto cp = reopened->LoadCheckpoint("s");
  ASSERT_TRUE(cp.ok());
  ASSERT_TRUE(cp->has_value());
  EXPECT_EQ(**cp, (StreamCheckpoint{"tok4", 4, 99}));
  auto ms = reopened->LoadManifests("s");
  ASSERT_TRUE(ms.ok());
  ASSERT_EQ(ms->size(), 1u);
  EXPECT_EQ((*ms)[0], Manifest(5, "k5"));
}

TEST_P(StateStoreConformance, ConcurrentStreamsFromSeveralThreads) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string stream = "db.c" + std::to_string(t);
      for (uint64_t i = 1; i <= 20; ++i) {
        EXPECT_TRUE(store_->SaveManifest(stream, Manifest(i, "k")).ok());
        EXPECT_TRUE(store_->SaveCheckpoint(stream, {"t" + std::to_string(i), i, 0}).ok());
      }
    });
  }
  for (auto& th : threads)
    th.join();
  for (int t = 0; t < 4; ++t) {
    auto cp = store_->LoadCheckpoint("db.c" + std::to_string(t));
    ASSERT_TRUE(cp.ok());
    ASSERT_TRUE(cp->has_value());
    EXPECT_EQ((*cp)->sequence, 20u);
    auto ms = store_->LoadManifests("db.c" + std::to_string(t));
    ASSERT_TRUE(ms.ok());
    EXPECT_TRUE(ms->empty());
  }
}

}  // namespace cdc
