#include "actors/ride_hailing/geo.hpp"

#include <gtest/gtest.h>

#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {
namespace {

TEST(Geo, DistancesAtCityScale) {
  EXPECT_NEAR(distance_m({0, 0}, {1, 0}), 111195, 1);      // one degree of latitude
  EXPECT_NEAR(distance_m({60, 0}, {60, 1}), 55597, 50);    // a degree of longitude at 60°
  // San Francisco Ferry Building to Coit Tower: about 1.2 km.
  EXPECT_NEAR(distance_m({37.7955, -122.3937}, {37.8024, -122.4058}), 1311, 20);
  EXPECT_EQ(distance_m({10, 10}, {10, 10}), 0);
}

TEST(Geo, BoxAroundHoldsTheCircle) {
  const geo_point c{37.77, -122.42};
  const auto b = box_around(c, 2000);
  for (int deg = 0; deg < 360; deg += 15) {
    const double a = deg * pi / 180;
    // A point 1999 m away in direction `a` (flat approximation is fine at this size).
    const geo_point p{c.lat + 1999 * std::cos(a) / meters_per_degree_lat,
                      c.lon + 1999 * std::sin(a) / (meters_per_degree_lat * std::cos(c.lat * pi / 180))};
    EXPECT_TRUE(b.contains(p)) << deg;
  }
  EXPECT_EQ(distance_to_box_m({37.77, -122.42}, b), 0);
  EXPECT_NEAR(distance_to_box_m({b.max_lat + 0.01, -122.42}, b), 1112, 2);
}

TEST(Geohash, MatchesTheKnownEncoding) {
  EXPECT_EQ(geohash({37.7564, -122.4016}, 8), "9q8yy9mf");  // San Francisco
  EXPECT_EQ(geohash({57.64911, 10.40744}, 11), "u4pruydqqvj");
  EXPECT_EQ(geohash({37.7564, -122.4016}, 3), "9q8");      // a prefix is the larger cell
}

TEST(Geohash, CellSizesFollowTheTable) {
  // Precision 5: 4.89 km square; 6: 1.22 km x 0.61 km (at the equator).
  EXPECT_NEAR(geohash_cell(5).lat_deg * meters_per_degree_lat, 4890, 10);
  EXPECT_NEAR(geohash_cell(5).lon_deg * meters_per_degree_lat, 4890, 10);
  EXPECT_NEAR(geohash_cell(6).lon_deg * meters_per_degree_lat, 1223, 5);
  EXPECT_NEAR(geohash_cell(6).lat_deg * meters_per_degree_lat, 611, 5);
}

TEST(Geohash, PrecisionCoversTheRadius) {
  EXPECT_EQ(geohash_precision_for(2000, 0), 5);     // 4.89 km cells; 1.22 km would be too small
  EXPECT_EQ(geohash_precision_for(500, 0), 6);      // 1.22 x 0.61 km
  EXPECT_EQ(geohash_precision_for(700, 0), 5);      // 0.61 km high is short of 700 m
  EXPECT_EQ(geohash_precision_for(100, 37.8), 7);   // 153 m cells
}

}  // namespace
}  // namespace sdsim::ride_hailing
