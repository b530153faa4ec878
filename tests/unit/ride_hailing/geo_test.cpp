#include "actors/ride_hailing/geo.hpp"

#include <cmath>
#include <vector>

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

// The definition: halve the world again and again, longitude first, one bit a halving.
uint64_t halving(geo_point p, int precision) {
  double lat_lo = -90, lat_hi = 90, lon_lo = -180, lon_hi = 180;
  uint64_t bits = 0;
  for (int i = 0; i < 5 * precision; ++i) {
    const bool lon = i % 2 == 0;
    double& lo = lon ? lon_lo : lat_lo;
    double& hi = lon ? lon_hi : lat_hi;
    const double mid = (lo + hi) / 2;
    bits <<= 1;
    if ((lon ? p.lon : p.lat) >= mid) {
      bits |= 1;
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return bits;
}

TEST(Geohash, BitsAreTheHalvingsEvenOnCellEdges) {
  std::vector<geo_point> points = {{90, 180}, {-90, -180}, {0, 0}, {-0.0, -0.0},
                                   {std::nan(""), 1}, {37.7564, -122.4016}};
  uint64_t x = 88172645463325252u;  // xorshift: any points, and points on and beside edges
  auto next = [&] { return (x ^= x << 13, x ^= x >> 7, x ^= x << 17); };
  for (int i = 0; i < 20000; ++i) {
    const double lat = -90 + 180 * (next() % 1000001) / 1e6, lon = -180 + 360 * (next() % 1000001) / 1e6;
    points.push_back({lat, lon});
    const int bits = 1 + static_cast<int>(next() % 30);
    const double edge_lat = -90 + 180 * std::ldexp(static_cast<double>(next() % (1u << bits)), -bits);
    const double edge_lon = -180 + 360 * std::ldexp(static_cast<double>(next() % (1u << bits)), -bits);
    for (double d : {0.0, -1.0, 1.0})
      points.push_back({std::nextafter(edge_lat, edge_lat + d), std::nextafter(edge_lon, edge_lon + d)});
  }
  for (const auto& p : points)
    for (int precision : {1, 4, 5, 6, 7, 11, 12})
      ASSERT_EQ(geohash_bits(p, precision), halving(p, precision))
          << p.lat << ", " << p.lon << " at " << precision;
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
