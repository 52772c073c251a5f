#include "core/bounded_queue.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace core {
namespace {

using namespace std::chrono_literals;

TEST(BoundedQueueTest, CapacityRoundsUpToAPowerOfTwo) {
  EXPECT_EQ(BoundedQueue<int>(1000).capacity(), 1024u);
  EXPECT_EQ(BoundedQueue<int>(8).capacity(), 8u);
  EXPECT_EQ(BoundedQueue<int>(0).capacity(), 2u);
}

TEST(BoundedQueueTest, FifoTryPushTryPopAndSize) {
  BoundedQueue<int> q(4);
  EXPECT_FALSE(q.TryPop());
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(q.TryPush(i));
  EXPECT_EQ(q.size(), 4u);
  EXPECT_FALSE(q.TryPush(99));  // full
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(q.TryPop(), i);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_FALSE(q.TryPop());
}

TEST(BoundedQueueTest, MoveOnlyItemsAndAFailedPushLeavesTheItem) {
  BoundedQueue<std::unique_ptr<int>> q(2);
  auto a = std::make_unique<int>(1);
  auto b = std::make_unique<int>(2);
  auto c = std::make_unique<int>(3);
  EXPECT_TRUE(q.TryPush(std::move(a)));
  EXPECT_TRUE(q.Push(std::move(b)));
  EXPECT_FALSE(q.TryPush(std::move(c)));
  ASSERT_NE(c, nullptr);  // not moved from
  EXPECT_EQ(*c, 3);
  EXPECT_FALSE(q.PushFor(std::move(c), 1ms));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(**q.Pop(), 1);
  EXPECT_EQ(**q.Pop(), 2);
}

TEST(BoundedQueueTest, DestructorDestroysQueuedItems) {
  auto shared = std::make_shared<int>(0);
  {
    BoundedQueue<std::shared_ptr<int>> q(8);
    for (int i = 0; i < 5; ++i)
      EXPECT_TRUE(q.TryPush(shared));
    EXPECT_EQ(shared.use_count(), 6);
  }
  EXPECT_EQ(shared.use_count(), 1);
}

TEST(BoundedQueueTest, TimeoutsExpireWithoutItems) {
  BoundedQueue<int> q(2);
  EXPECT_FALSE(q.PopFor(5ms));
  EXPECT_TRUE(q.PushFor(1, 5ms));
  EXPECT_TRUE(q.PushFor(2, 5ms));
  EXPECT_FALSE(q.PushFor(3, 5ms));
  EXPECT_EQ(q.PopFor(5ms), 1);
}

TEST(BoundedQueueTest, BlockedPushResumesWhenAConsumerPops) {
  BoundedQueue<int> q(2);
  ASSERT_TRUE(q.TryPush(1));
  ASSERT_TRUE(q.TryPush(2));
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    EXPECT_TRUE(q.Push(3));
    pushed = true;
  });
  std::this_thread::sleep_for(10ms);  // let it block (correct either way)
  EXPECT_EQ(q.Pop(), 1);
  producer.join();
  EXPECT_TRUE(pushed);
  EXPECT_EQ(q.Pop(), 2);
  EXPECT_EQ(q.Pop(), 3);
}

TEST(BoundedQueueTest, BlockedPopResumesWhenAProducerPushes) {
  BoundedQueue<int> q(4);
  std::thread consumer([&] { EXPECT_EQ(q.PopFor(30s), 7); });
  std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(q.Push(7));
  consumer.join();
}

TEST(BoundedQueueTest, CloseFailsProducersAndLetsConsumersDrain) {
  BoundedQueue<int> q(4);
  EXPECT_TRUE(q.Push(1));
  EXPECT_TRUE(q.Push(2));
  q.Close();
  EXPECT_TRUE(q.closed());
  EXPECT_FALSE(q.Push(3));
  EXPECT_FALSE(q.TryPush(3));
  EXPECT_FALSE(q.PushFor(3, 1ms));
  EXPECT_EQ(q.Pop(), 1);
  std::vector<int> out;
  EXPECT_EQ(q.PopBatch(out, 10), 1u);
  EXPECT_EQ(out, std::vector<int>{2});
  EXPECT_FALSE(q.Pop());
  EXPECT_EQ(q.PopBatch(out, 10), 0u);
  EXPECT_FALSE(q.PopFor(1s));  // returns at once: closed and drained
}

TEST(BoundedQueueTest, CloseWakesBlockedProducersAndConsumers) {
  BoundedQueue<int> full(2);
  ASSERT_TRUE(full.TryPush(1));
  ASSERT_TRUE(full.TryPush(2));
  BoundedQueue<int> empty(2);
  std::thread producer([&] { EXPECT_FALSE(full.Push(3)); });
  std::thread consumer([&] { EXPECT_FALSE(empty.Pop()); });
  std::thread batch_consumer([&] {
    std::vector<int> out;
    EXPECT_EQ(empty.PopBatch(out, 4), 0u);
  });
  std::this_thread::sleep_for(10ms);
  full.Close();
  empty.Close();
  producer.join();
  consumer.join();
  batch_consumer.join();
}

TEST(BoundedQueueTest, PopBatchDrainsUpToMaxInOrder) {
  BoundedQueue<int> q(16);
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(q.TryPush(i));
  std::vector<int> out = {-1};
  EXPECT_EQ(q.PopBatch(out, 4), 4u);
  EXPECT_EQ(out, (std::vector<int>{-1, 0, 1, 2, 3}));  // appended
  out.clear();
  EXPECT_EQ(q.TryPopBatch(out, 100), 6u);
  EXPECT_EQ(out, (std::vector<int>{4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(q.TryPopBatch(out, 100), 0u);
}

// Items carry (producer, sequence). Every item must arrive exactly once; with one consumer each
// producer's items must arrive in order. The small capacity forces both sides to block.
struct Tagged {
  int producer;
  int seq;
};

void RunProducers(BoundedQueue<Tagged>& q, int producers, int per_producer,
                  std::vector<std::thread>& threads) {
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&q, p, per_producer] {
      for (int i = 0; i < per_producer; ++i) {
        if (i % 3 == 0) {
          while (!q.TryPush(Tagged{p, i}))
            std::this_thread::yield();
        } else {
          ASSERT_TRUE(q.Push(Tagged{p, i}));
        }
      }
    });
  }
}

TEST(BoundedQueueTest, ManyProducersOneConsumerKeepsPerProducerOrder) {
  constexpr int kProducers = 4, kPerProducer = 50'000;
  BoundedQueue<Tagged> q(64);
  std::vector<std::thread> threads;
  RunProducers(q, kProducers, kPerProducer, threads);
  std::vector<int> next(kProducers, 0);
  std::vector<Tagged> batch;
  int received = 0;
  while (received < kProducers * kPerProducer) {
    batch.clear();
    if (received % 2 == 0) {
      ASSERT_GT(q.PopBatch(batch, 32), 0u);
    } else {
      auto one = q.Pop();
      ASSERT_TRUE(one);
      batch.push_back(*one);
    }
    for (const Tagged& t : batch) {
      ASSERT_EQ(t.seq, next[t.producer]) << "producer " << t.producer;
      ++next[t.producer];
      ++received;
    }
  }
  for (auto& t : threads)
    t.join();
  EXPECT_FALSE(q.TryPop());
}

TEST(BoundedQueueTest, ManyProducersManyConsumersDeliverEachItemExactlyOnce) {
  constexpr int kProducers = 3, kConsumers = 3, kPerProducer = 40'000;
  BoundedQueue<Tagged> q(32);
  std::vector<std::thread> producers;
  RunProducers(q, kProducers, kPerProducer, producers);
  std::vector<std::vector<Tagged>> got(kConsumers);
  std::vector<std::thread> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&q, &got, c] {
      std::vector<Tagged> batch;
      for (;;) {
        if (c == 0) {
          batch.clear();
          if (q.PopBatch(batch, 16) == 0) return;
          got[c].insert(got[c].end(), batch.begin(), batch.end());
        } else if (c == 1) {
          auto t = q.Pop();
          if (!t) return;
          got[c].push_back(*t);
        } else {
          auto t = q.PopFor(1ms);
          if (t) {
            got[c].push_back(*t);
          } else if (q.closed()) {
            while (auto rest = q.Pop())
              got[c].push_back(*rest);
            return;
          }
        }
      }
    });
  }
  for (auto& t : producers)
    t.join();
  q.Close();
  for (auto& t : consumers)
    t.join();
  std::vector<std::vector<int>> count(kProducers, std::vector<int>(kPerProducer, 0));
  size_t total = 0;
  for (auto& v : got) {
    total += v.size();
    // Each consumer sees each producer's items in increasing order (FIFO per position).
    std::vector<int> last(kProducers, -1);
    for (const Tagged& t : v) {
      ++count[t.producer][t.seq];
      EXPECT_GT(t.seq, last[t.producer]);
      last[t.producer] = t.seq;
    }
  }
  EXPECT_EQ(total, size_t{kProducers} * kPerProducer);
  for (int p = 0; p < kProducers; ++p) {
    for (int i = 0; i < kPerProducer; ++i)
      ASSERT_EQ(count[p][i], 1) << p << "/" << i;
  }
}

TEST(BoundedQueueTest, CloseDuringConcurrentPushesLosesNothingAccepted) {
  BoundedQueue<int> q(16);
  std::atomic<int> accepted{0};
  std::vector<std::thread> producers;
  for (int p = 0; p < 3; ++p) {
    producers.emplace_back([&] {
      for (int i = 0; i < 100'000; ++i) {
        if (!q.Push(1)) return;
        accepted.fetch_add(1);
      }
    });
  }
  int received = 0;
  std::thread consumer([&] {
    while (q.Pop())
      ++received;
  });
  std::this_thread::sleep_for(5ms);
  q.Close();
  for (auto& t : producers)
    t.join();
  consumer.join();
  EXPECT_EQ(received, accepted.load());
}

}  // namespace
}  // namespace core
