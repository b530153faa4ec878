#include "actors/ride_hailing/city_map.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "actors/core/scratch_dir.hpp"

namespace sdsim::ride_hailing {
namespace {

City small_city() {
  City c;
  c.set_min_lat(37.6);
  c.set_max_lat(37.9);
  c.set_min_lon(-122.55);
  c.set_max_lon(-122.3);
  c.set_background_weight(1);
  auto* h = c.add_hot_spots();
  h->set_name("arena");
  h->mutable_center()->set_lat(37.66);
  h->mutable_center()->set_lon(-122.47);
  h->set_radius_m(500);
  h->set_weight(1);
  return c;
}

int near_arena(const city_map& m, core::sim_ns at, int n) {
  core::rng r(5);
  int hits = 0;
  for (int i = 0; i < n; ++i)
    hits += distance_m(m.source(at, r), {37.66, -122.47}) <= 500 ? 1 : 0;
  return hits;
}

TEST(CityMap, RidersComeFromHotSpotsByWeightAndBoostsMultiplyIt) {
  DemandBoost b;
  b.set_hot_spot("arena");
  b.set_factor(5);
  b.set_from_s(60);
  b.set_for_s(60);
  const city_map m(small_city(), {b}, 3000);
  const int before = near_arena(m, core::from_s(10), 10000);
  const int during = near_arena(m, core::from_s(90), 10000);
  EXPECT_NEAR(before / 10000.0, 0.5, 0.03);          // weight 1 against background 1
  EXPECT_NEAR(during / 10000.0, 5.0 / 6.0, 0.03);    // 5 against 1
  EXPECT_NEAR(near_arena(m, core::from_s(121), 10000) / 10000.0, 0.5, 0.03);  // over
}

TEST(CityMap, FreeDriversArePulledTowardASurgingSpot) {
  const city_map m(small_city(), {}, 3000);
  auto share = [&](std::vector<double> pull) {
    core::rng r(9);
    int hits = 0;
    for (int i = 0; i < 10000; ++i)
      hits += distance_m(m.cruise(pull, r), {37.66, -122.47}) <= 500 ? 1 : 0;
    return hits / 10000.0;
  };
  EXPECT_NEAR(share({}), 0.5, 0.03);       // its usual weight
  EXPECT_NEAR(share({9}), 0.9, 0.03);      // surge 3x: pulled 9 times as hard
}

TEST(CityMap, DestinationsStayInTheCity) {
  const city_map m(small_city(), {}, 20000);  // long trips, often aimed outside
  core::rng r(3);
  for (int i = 0; i < 5000; ++i) {
    const auto d = m.destination(m.source(0, r), r);
    ASSERT_TRUE(m.box().contains(d));
  }
}

TEST(CityMap, ABadCityFileIsRefusedWithItsPlace) {
  core::scratch_dir dir("city_map_test");
  std::filesystem::create_directories(dir.file("cities"));
  std::ofstream(dir.file("cities/broken.textproto")) << "name: \"x\"\nmin_lat: 37.6\nmax_lat: oops\n";
  City c;
  std::string error;
  EXPECT_FALSE(load_city(dir.path(), "broken", &c, &error));
  EXPECT_NE(error.find("broken.textproto:3:10"), std::string::npos) << error;
  EXPECT_FALSE(load_city(dir.path(), "missing", &c, &error));
  EXPECT_NE(error.find("no city 'missing'"), std::string::npos) << error;

  auto bad = small_city();
  bad.mutable_hot_spots(0)->mutable_center()->set_lat(40);
  EXPECT_NE(check_city(bad).find("outside the box"), std::string::npos);
  bad = small_city();
  bad.set_max_lat(37.5);
  EXPECT_FALSE(check_city(bad).empty());
  EXPECT_EQ(check_city(small_city()), "");
}

}  // namespace
}  // namespace sdsim::ride_hailing
