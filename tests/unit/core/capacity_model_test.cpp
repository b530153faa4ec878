// FCFS reservation on c servers, worked by hand: start and end times, unlimited servers, the
// queue limit, the waiting count, the backlog and slowdowns.
#include "actors/core/capacity_model.hpp"

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

constexpr sim_ns ms = ns_per_ms;

// Admits a request with a known service time, failing the test when it is refused.
reservation admit(capacity_model& c, sim_ns arrival, sim_ns service) {
  auto r = c.admit_with(arrival, service);
  EXPECT_TRUE(r.has_value()) << "arrival " << arrival;
  return r.value_or(reservation{});
}

TEST(CapacityModel, SingleServerServesInArrivalOrder) {
  capacity_model c(1, distribution::constant_ms(5));
  rng r(1);
  const auto a = c.admit(0, r);
  const auto b = c.admit(1 * ms, r);
  const auto d = c.admit(2 * ms, r);
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(a->start, 0);
  EXPECT_EQ(a->end, 5 * ms);
  EXPECT_EQ(b->start, 5 * ms);
  EXPECT_EQ(b->end, 10 * ms);
  EXPECT_EQ(d->start, 10 * ms);
  EXPECT_EQ(d->end, 15 * ms);
  EXPECT_EQ(a->service, 5 * ms);
  EXPECT_EQ(d->service, 5 * ms);
  EXPECT_EQ(c.servers(), 1u);
}

TEST(CapacityModel, IdleServerStartsAtArrival) {
  capacity_model c(1, distribution{});
  admit(c, 0, 5 * ms);
  const auto late = admit(c, 20 * ms, 3 * ms);
  EXPECT_EQ(late.start, 20 * ms);
  EXPECT_EQ(late.end, 23 * ms);
  EXPECT_EQ(c.waiting(), 0u);
}

TEST(CapacityModel, TwoServersTakeWhicheverFreesFirst) {
  capacity_model c(2, distribution{});
  // Service 10, 4, 10, 10 ms arriving at 0, 1, 2, 3 ms.
  const auto a = admit(c, 0, 10 * ms);       // server A: [0, 10)
  const auto b = admit(c, 1 * ms, 4 * ms);   // server B: [1, 5)
  const auto d = admit(c, 2 * ms, 10 * ms);  // B frees first: [5, 15)
  const auto e = admit(c, 3 * ms, 10 * ms);  // then A: [10, 20)
  EXPECT_EQ(a.start, 0);
  EXPECT_EQ(b.start, 1 * ms);
  EXPECT_EQ(b.end, 5 * ms);
  EXPECT_EQ(d.start, 5 * ms);
  EXPECT_EQ(d.end, 15 * ms);
  EXPECT_EQ(e.start, 10 * ms);
  EXPECT_EQ(e.end, 20 * ms);
  EXPECT_EQ(c.waiting(), 2u);
}

TEST(CapacityModel, UnlimitedServersStartAtOnce) {
  capacity_model c(0, distribution::constant_ms(7), /*queue_limit=*/1);
  rng r(2);
  for (int i = 0; i < 100; ++i) {
    const auto res = c.admit(3 * ms, r);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->start, 3 * ms);
    EXPECT_EQ(res->end, 10 * ms);
  }
  EXPECT_EQ(c.waiting(), 0u);
  EXPECT_EQ(c.backlog(3 * ms), 0);
}

TEST(CapacityModel, QueueLimitRefusesOnceThatManyWait) {
  capacity_model c(1, distribution{}, /*queue_limit=*/2);
  admit(c, 0, 5 * ms);             // in service [0, 5)
  admit(c, 1 * ms, 5 * ms);        // waits, starts at 5
  admit(c, 2 * ms, 5 * ms);        // waits, starts at 10
  EXPECT_EQ(c.waiting(), 2u);
  EXPECT_FALSE(c.admit_with(3 * ms, 5 * ms));
  EXPECT_FALSE(c.admit_with(4 * ms, 5 * ms));
  // A refusal books nothing: at 6 ms the first waiter has started, so one place is free and
  // the newcomer starts after the two admitted before it.
  const auto later = admit(c, 6 * ms, 5 * ms);
  EXPECT_EQ(later.start, 15 * ms);
  EXPECT_EQ(c.waiting(), 2u);
  EXPECT_FALSE(c.admit_with(7 * ms, 5 * ms));
}

TEST(CapacityModel, QueueLimitDoesNotRefuseWhenAServerIsIdle) {
  capacity_model c(2, distribution{}, /*queue_limit=*/1);
  admit(c, 0, 10 * ms);
  admit(c, 0, 10 * ms);
  admit(c, 1 * ms, 10 * ms);  // waits
  EXPECT_FALSE(c.admit_with(2 * ms, 10 * ms));
  // At 10 ms both servers free, the waiter takes one, the newcomer the other.
  const auto r = admit(c, 10 * ms, 1 * ms);
  EXPECT_EQ(r.start, 10 * ms);
}

TEST(CapacityModel, WaitingCountsRequestsNotYetStartedAtTheLastArrival) {
  capacity_model c(1, distribution{});
  EXPECT_EQ(c.waiting(), 0u);
  admit(c, 0, 10 * ms);
  EXPECT_EQ(c.waiting(), 0u);
  admit(c, 1 * ms, 10 * ms);  // starts at 10
  admit(c, 2 * ms, 10 * ms);  // starts at 20
  admit(c, 3 * ms, 10 * ms);  // starts at 30
  EXPECT_EQ(c.waiting(), 3u);
  admit(c, 10 * ms, 10 * ms);  // the one starting at 10 has started; this one waits
  EXPECT_EQ(c.waiting(), 3u);
  admit(c, 25 * ms, 10 * ms);  // those at 10 and 20 have started
  EXPECT_EQ(c.waiting(), 3u);
  admit(c, 100 * ms, 1 * ms);  // everything has started; this one is served at once
  EXPECT_EQ(c.waiting(), 0u);
}

TEST(CapacityModel, BacklogIsHowFarAheadTheEarliestServerIsBooked) {
  capacity_model one(1, distribution{});
  EXPECT_EQ(one.backlog(0), 0);
  admit(one, 0, 5 * ms);
  admit(one, 1 * ms, 5 * ms);
  admit(one, 2 * ms, 5 * ms);
  EXPECT_EQ(one.backlog(2 * ms), 13 * ms);
  EXPECT_EQ(one.backlog(15 * ms), 0);
  EXPECT_EQ(one.backlog(40 * ms), 0);

  capacity_model two(2, distribution{});
  admit(two, 0, 8 * ms);
  EXPECT_EQ(two.backlog(0), 0);  // the second server is idle
  admit(two, 0, 3 * ms);
  EXPECT_EQ(two.backlog(1 * ms), 2 * ms);
}

TEST(CapacityModel, SlowdownScalesLaterServiceTimes) {
  capacity_model c(1, distribution::constant_ms(5));
  rng r(3);
  const auto normal = c.admit(0, r);
  c.set_slowdown(2);
  const auto slow = c.admit(100 * ms, r);
  const auto slow_known = admit(c, 200 * ms, 3 * ms);
  c.set_slowdown(1);
  const auto restored = c.admit(300 * ms, r);
  ASSERT_TRUE(normal && slow && restored);
  EXPECT_EQ(normal->service, 5 * ms);
  EXPECT_EQ(slow->service, 10 * ms);
  EXPECT_EQ(slow->end, 110 * ms);
  EXPECT_EQ(slow_known.service, 6 * ms);
  EXPECT_EQ(restored->service, 5 * ms);
  EXPECT_EQ(restored->end, 305 * ms);
}

TEST(CapacityModel, SlowdownAppliesToUnlimitedServersToo) {
  capacity_model c(0, distribution{});
  c.set_slowdown(3);
  const auto r = admit(c, 1 * ms, 2 * ms);
  EXPECT_EQ(r.start, 1 * ms);
  EXPECT_EQ(r.end, 7 * ms);
}

}  // namespace
}  // namespace sdsim::core
