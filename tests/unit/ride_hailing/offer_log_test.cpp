#include "actors/ride_hailing/offer_log.hpp"

#include <gtest/gtest.h>

namespace sdsim::ride_hailing {
namespace {

TEST(OfferLog, KeepsEachRidesHopsInOrder) {
  offer_log log(10);
  log.record(1, 5, "search");
  log.record(2, 6, "search");
  log.record(1, 7, "offer", list_ids("driver", {4, 17, 90}));
  log.record(1, 9, "accepted", "driver 17");
  const auto hops = log.hops(1);
  ASSERT_EQ(hops.size(), 3u);
  EXPECT_EQ(hops[1].what, "offer");
  EXPECT_EQ(hops[1].detail, "drivers 4, 17 and 90");
  EXPECT_EQ(hops[2].at, 9);
  EXPECT_EQ(hops[0].service, "ride_hailing/matching");
  EXPECT_TRUE(log.hops(3).empty());
}

TEST(OfferLog, ForgetsTheOldestRideFirstWhenFull) {
  offer_log log(2);
  log.record(1, 1, "search");
  log.record(2, 2, "search");
  log.record(1, 3, "offer");  // ride 1 is still the oldest: age counts from its first hop
  log.record(3, 4, "search");
  EXPECT_EQ(log.rides(), 2u);
  EXPECT_TRUE(log.hops(1).empty());
  EXPECT_EQ(log.hops(2).size(), 1u);
  EXPECT_EQ(log.hops(3).size(), 1u);
}

TEST(OfferLog, ListsOneIdInTheSingular) {
  EXPECT_EQ(list_ids("driver", {8}), "driver 8");
  EXPECT_EQ(list_ids("driver", {8, 9}), "drivers 8 and 9");
}

}  // namespace
}  // namespace sdsim::ride_hailing
