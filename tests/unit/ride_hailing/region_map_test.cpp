// A circle that crosses a region boundary asks every shard holding a part of it.
#include "actors/ride_hailing/region_map.hpp"

#include <set>

#include <gtest/gtest.h>

#include "actors/core/rng.hpp"
#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {
namespace {

TEST(RegionMap, EveryDriverNearAPointIsOnAShardTheQueryAsks) {
  region_map m(8, 4);
  core::rng r(9);
  const geo_box area{37.0, 38.5, -123.0, -121.5};  // several regions of 39 x 19.5 km
  std::set<uint32_t> shards_used;
  for (int q = 0; q < 500; ++q) {
    const geo_point c{area.min_lat + r.uniform() * 1.5, area.min_lon + r.uniform() * 1.5};
    const double radius = 500 + r.uniform() * 5000;
    const auto asked = m.shards_near(c, radius);
    // Points on the circle's rim (and inside) must live on an asked shard.
    for (int k = 0; k < 64; ++k) {
      const double a = k * 2 * pi / 64;
      const double f = 0.999 * (k % 2 ? 1.0 : r.uniform());
      const geo_point p{c.lat + f * radius * std::cos(a) / meters_per_degree_lat,
                        c.lon + f * radius * std::sin(a) / (meters_per_degree_lat * std::cos(c.lat * pi / 180))};
      const uint32_t s = m.shard_of(p);
      shards_used.insert(s);
      ASSERT_TRUE(std::find(asked.begin(), asked.end(), s) != asked.end())
          << "query " << q << ": shard " << s << " holds a point in the circle but is not asked";
    }
  }
  EXPECT_GE(shards_used.size(), 4u);  // the area really is spread over several shards
}

TEST(RegionMap, ASmallCircleInsideOneRegionAsksOneShard) {
  region_map m(8, 4);
  const geo_point c{37.75, -122.43};  // inside region 9q8y, well away from its edges
  EXPECT_EQ(m.region_of(c), "9q8y");
  const auto asked = m.shards_near(c, 300);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], m.shard_of(c));
}

TEST(RegionMap, ACircleOnABoundaryAsksBothSides) {
  region_map m(64, 4);
  // The boundary between two regions: a point just west and just east of it.
  const auto cell = geohash_cell(4);
  const double lon_edge = -180 + std::ceil((-122.40 + 180) / cell.lon_deg) * cell.lon_deg;
  const geo_point west{37.75, lon_edge - 1e-6}, east{37.75, lon_edge + 1e-6};
  ASSERT_NE(m.region_of(west), m.region_of(east));
  const auto asked = m.shards_near({37.75, lon_edge}, 100);
  EXPECT_TRUE(std::find(asked.begin(), asked.end(), m.shard_of(west)) != asked.end());
  EXPECT_TRUE(std::find(asked.begin(), asked.end(), m.shard_of(east)) != asked.end());
}

}  // namespace
}  // namespace sdsim::ride_hailing
