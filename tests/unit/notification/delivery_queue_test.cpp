#include "actors/notification/delivery_queue.hpp"

#include <gtest/gtest.h>

namespace sdsim::notification {
namespace {

delivery make(uint64_t id, bool high = false, uint64_t user = 1) {
  delivery d;
  d.key = {id, 7};
  d.high = high;
  d.user_id = user;
  return d;
}

TEST(DeliveryQueue, FirstAttemptsLeaveInAcceptanceOrder) {
  delivery_queue q;
  for (uint64_t i = 1; i <= 5; ++i) q.push_first(make(i));
  for (uint64_t i = 1; i <= 5; ++i) EXPECT_EQ(q.pop(0)->key.notification_id, i);
  EXPECT_FALSE(q.pop(0));
}

TEST(DeliveryQueue, HighPriorityBeforeNormal) {
  delivery_queue q;
  q.push_first(make(1));
  q.push_first(make(2, true));
  q.push_first(make(3));
  q.push_first(make(4, true));
  EXPECT_EQ(q.pop(0)->key.notification_id, 2u);
  EXPECT_EQ(q.pop(0)->key.notification_id, 4u);
  EXPECT_EQ(q.pop(0)->key.notification_id, 1u);
  EXPECT_EQ(q.pop(0)->key.notification_id, 3u);
}

TEST(DeliveryQueue, ARetryWaitingNeverBlocksTheOnesBehindIt) {
  delivery_queue q;
  q.push_at(make(1), 1000);  // waiting for its retry
  q.push_first(make(2));
  q.push_first(make(3));
  EXPECT_EQ(q.pop(10)->key.notification_id, 2u);
  EXPECT_EQ(q.pop(10)->key.notification_id, 3u);
  EXPECT_FALSE(q.pop(10));
  EXPECT_EQ(q.next_due(), 1000);
  EXPECT_EQ(q.pop(1000)->key.notification_id, 1u);
  EXPECT_EQ(q.next_due(), -1);
}

TEST(DeliveryQueue, DueRetriesGoBeforeNewFirstAttemptsInTheirPriority) {
  delivery_queue q;
  q.push_first(make(5));
  q.push_at(make(1), 10);
  q.push_at(make(2), 10);   // same due: pushed order
  q.push_at(make(3), 5);
  EXPECT_EQ(q.pop(20)->key.notification_id, 3u);
  EXPECT_EQ(q.pop(20)->key.notification_id, 1u);
  EXPECT_EQ(q.pop(20)->key.notification_id, 2u);
  EXPECT_EQ(q.pop(20)->key.notification_id, 5u);
}

TEST(DeliveryQueue, LeasesAreReleasedOnceAndNeverReused) {
  delivery_queue first_life(1);
  const uint64_t a = first_life.lease(make(1));
  const uint64_t b = first_life.lease(make(2));
  EXPECT_NE(a, b);
  EXPECT_EQ(first_life.leased(), 2u);
  EXPECT_EQ(first_life.release(a)->key.notification_id, 1u);
  EXPECT_FALSE(first_life.release(a));  // a second answer for the same lease
  // A restarted shard starts its leases past the old ones: an old lease is unknown there.
  delivery_queue second_life((1ull << 40) | 1);
  second_life.lease(make(3));
  EXPECT_FALSE(second_life.release(b));
  EXPECT_EQ(first_life.waiting() + first_life.leased(), 1u);
}

}  // namespace
}  // namespace sdsim::notification
