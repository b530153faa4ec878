#include "actors/ride_hailing/fleet.hpp"

#include <gtest/gtest.h>

namespace sdsim::ride_hailing {
namespace {

using core::from_s;

fleet_config config() {
  fleet_config c;
  c.city = {37.60, 37.90, -122.55, -122.30};
  c.seed = 5;
  return c;
}

TEST(Fleet, DriversMoveAtTheirSpeedAndArrive) {
  fleet f(1, config());
  f.set_state(0, driver_state::en_route);
  const geo_point start = f.position(0);
  const geo_point target{start.lat + 1000 / meters_per_degree_lat, start.lon};  // 1 km north
  f.send_to(0, target);
  f.advance(from_s(60));  // 8 m/s: 480 m
  EXPECT_NEAR(distance_m(start, f.position(0)), 480, 2);
  EXPECT_FALSE(f.arrived(0));
  f.advance(from_s(100));
  EXPECT_TRUE(f.arrived(0));  // an en-route driver waits at the pickup
  f.advance(from_s(10));
  EXPECT_TRUE(f.arrived(0));
}

TEST(Fleet, AFreeDriverWaitsWhereHeCruisedToThenMovesOn) {
  auto c = config();
  const geo_point rank{37.75, -122.42};
  c.cruise = [rank](core::rng&) { return rank; };  // every cruise ends at the taxi rank
  c.dwell_s = 120;
  fleet f(1, c);
  f.advance(from_s(4000));                          // long enough to get there from anywhere
  ASSERT_TRUE(f.arrived(0));
  EXPECT_NEAR(distance_m(f.position(0), rank), 0, 1);
  f.advance(from_s(100));                            // still waiting
  EXPECT_NEAR(distance_m(f.position(0), rank), 0, 1);
  f.send_to(0, {37.76, -122.42});                    // a new target: off he goes
  f.advance(from_s(10));
  EXPECT_GT(distance_m(f.position(0), rank), 50);
}

TEST(Fleet, OfflineDriversStayAndEveryoneStaysInTheCity) {
  auto c = config();
  fleet f(2000, c);
  f.set_state(7, driver_state::offline);
  const auto parked = f.position(7);
  for (int i = 0; i < 200; ++i) f.advance(from_s(4));
  EXPECT_EQ(f.position(7).lat, parked.lat);
  for (uint32_t d = 0; d < f.size(); ++d) EXPECT_TRUE(c.city.contains(f.position(d))) << d;
}

TEST(Fleet, EachDriverPingsOncePerIntervalHoweverTimeIsCut) {
  fleet f(5000, config());
  std::vector<int> count(f.size(), 0);
  // 12 s in uneven ticks: 3 pings each.
  core::sim_ns t = 0;
  for (core::sim_ns tick : {from_s(0.3), from_s(1.7), from_s(4.5), from_s(0.01), from_s(5.49)}) {
    f.pings(t, t + tick, [&](uint32_t d) { ++count[d]; });
    t += tick;
  }
  ASSERT_EQ(t, from_s(12));
  for (uint32_t d = 0; d < f.size(); ++d) ASSERT_EQ(count[d], 3) << d;
}

TEST(Fleet, PingsAreSpreadOverTheInterval) {
  fleet f(10'000, config());
  int first_second = 0;
  f.pings(0, from_s(1), [&](uint32_t) { ++first_second; });
  EXPECT_NEAR(first_second, 2500, 200);  // a quarter of the drivers in a quarter of 4 s
}

}  // namespace
}  // namespace sdsim::ride_hailing
