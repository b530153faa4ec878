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
  const geo_point start = f.position(0, 0);
  const geo_point target{start.lat + 1000 / meters_per_degree_lat, start.lon};  // 1 km north
  EXPECT_NEAR(core::to_s(static_cast<double>(f.send_to(0, target, 0))), 125, 0.5);  // 8 m/s
  EXPECT_NEAR(distance_m(start, f.position(0, from_s(60))), 480, 2);
  EXPECT_FALSE(f.arrived(0, from_s(60)));
  EXPECT_TRUE(f.arrived(0, from_s(160)));  // an en-route driver waits at the pickup
  EXPECT_NEAR(distance_m(f.position(0, from_s(170)), target), 0, 0.01);
}

TEST(Fleet, AFreeDriverWaitsWhereHeCruisedToThenMovesOn) {
  auto c = config();
  const geo_point rank{37.75, -122.42};
  c.cruise = [rank](core::rng&) { return rank; };  // every cruise ends at the taxi rank
  c.dwell_s = 120;
  fleet f(1, c);
  const geo_point there = f.position(0, from_s(4000));  // long enough to get there
  ASSERT_TRUE(f.arrived(0, from_s(4000)));
  EXPECT_NEAR(distance_m(there, rank), 0, 1);
  EXPECT_NEAR(distance_m(f.position(0, from_s(4100)), rank), 0, 1);  // waiting, or back
  f.send_to(0, {37.76, -122.42}, from_s(4100));                       // a job: off he goes
  EXPECT_GT(distance_m(f.position(0, from_s(4110)), rank), 50);
}

TEST(Fleet, AReleasedDriverSetsOffAtOnce) {
  auto c = config();
  c.cruise = [](core::rng&) { return geo_point{37.80, -122.40}; };
  c.dwell_s = 600;
  fleet f(1, c);
  f.set_state(0, driver_state::on_trip);
  const geo_point dest{37.70, -122.40};
  const core::sim_ns at = f.send_to(0, dest, 0);
  f.release(0, at + from_s(1));  // the trip ends at the destination: cruising, no wait
  EXPECT_EQ(f.state(0), driver_state::available);
  EXPECT_NEAR(distance_m(f.position(0, at + from_s(61)), dest), 480, 2);
}

TEST(Fleet, OfflineDriversStayAndEveryoneStaysInTheCity) {
  auto c = config();
  fleet f(2000, c);
  f.set_state(7, driver_state::offline);
  const auto parked = f.position(7, 0);
  for (int i = 1; i <= 200; ++i)
    for (uint32_t d = 0; d < f.size(); ++d) ASSERT_TRUE(c.city.contains(f.position(d, from_s(4 * i)))) << d;
  EXPECT_EQ(f.position(7, from_s(800)).lat, parked.lat);
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
