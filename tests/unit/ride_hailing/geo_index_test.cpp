// The three indexes answer exactly what a full scan answers, through inserts, moves and
// removals, for many random queries in a city.
#include <memory>
#include <unordered_map>

#include <gtest/gtest.h>

#include "actors/core/rng.hpp"
#include "actors/ride_hailing/geohash.hpp"
#include "actors/ride_hailing/geohash_index.hpp"
#include "actors/ride_hailing/quadtree_index.hpp"
#include "actors/ride_hailing/rtree_index.hpp"

namespace sdsim::ride_hailing {
namespace {

const geo_box city{37.60, 37.90, -122.55, -122.30};

geo_point random_point(core::rng& r) {
  return {city.min_lat + r.uniform() * (city.max_lat - city.min_lat),
          city.min_lon + r.uniform() * (city.max_lon - city.min_lon)};
}

// The reference: every driver's distance, sorted.
std::vector<driver_hit> scan(const std::unordered_map<uint64_t, geo_point>& all, geo_point c,
                             double radius_m, std::size_t k) {
  std::vector<driver_hit> hits;
  for (const auto& [id, p] : all) {
    const double d = distance_m(c, p);
    if (d <= radius_m) hits.push_back({id, d});
  }
  keep_nearest(hits, k);
  return hits;
}

std::vector<std::unique_ptr<geo_index>> indexes() {
  std::vector<std::unique_ptr<geo_index>> out;
  out.push_back(std::make_unique<quadtree_index>(city, 8));
  out.push_back(std::make_unique<geohash_index>(geohash_precision_for(1500, 37.75)));
  out.push_back(std::make_unique<geohash_index>(7));  // cells far smaller than the radius
  std::string error;
  auto rt = rtree_index::open(":memory:", &error);
  EXPECT_TRUE(rt) << error;
  if (rt) out.push_back(std::move(rt));
  return out;
}

void expect_same(const std::vector<driver_hit>& got, const std::vector<driver_hit>& want,
                 const std::string& who) {
  ASSERT_EQ(got.size(), want.size()) << who;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].driver, want[i].driver) << who << " #" << i;
    EXPECT_DOUBLE_EQ(got[i].distance_m, want[i].distance_m) << who << " #" << i;
  }
}

TEST(GeoIndex, EveryIndexAgreesWithAFullScan) {
  core::rng r(7);
  auto idx = indexes();
  std::unordered_map<uint64_t, geo_point> all;
  for (uint64_t d = 0; d < 5000; ++d) {
    const auto p = random_point(r);
    all[d] = p;
    for (auto& i : idx) i->upsert(d, p);
  }
  for (int round = 0; round < 3; ++round) {
    for (int q = 0; q < 100; ++q) {
      const auto c = random_point(r);
      const double radius = 200 + r.uniform() * 1300;
      const std::size_t k = 1 + r.below(10);
      const auto want = scan(all, c, radius, k);
      for (auto& i : idx) expect_same(i->nearest(c, radius, k), want, i->name());
    }
    // Drivers move (some far, some a few meters) and some go off duty.
    for (uint64_t d = 0; d < 5000; d += 3) {
      if (!all.count(d)) continue;  // off duty
      auto p = all[d];
      if (d % 2) p = random_point(r);
      else p.lat += 0.00003;
      all[d] = p;
      for (auto& i : idx) i->upsert(d, p);
    }
    for (uint64_t d = static_cast<uint64_t>(round); d < 5000; d += 7) {
      all.erase(d);
      for (auto& i : idx) i->remove(d);
    }
    for (auto& i : idx) {
      EXPECT_EQ(i->size(), all.size()) << i->name();
      std::unordered_map<uint64_t, geo_point> seen;  // each driver once, where he is
      i->for_each([&](uint64_t d, geo_point p) { EXPECT_TRUE(seen.emplace(d, p).second) << d; });
      ASSERT_EQ(seen.size(), all.size()) << i->name();
      for (const auto& [d, p] : all) EXPECT_EQ(seen[d].lat, p.lat) << i->name() << " " << d;
    }
  }
}

TEST(GeoIndex, QuadtreeMovesADriverAcrossLeavesAndTheCityEdges) {
  quadtree_index q(city, 2);
  core::rng r(3);
  for (uint64_t d = 0; d < 300; ++d) q.upsert(d, random_point(r));  // many small leaves
  // Walk one driver in small steps across the city, onto its north-east corner and out of it
  // (clamped onto the edge): after each step he is found exactly where he is.
  geo_point p{city.min_lat, city.min_lon};
  for (int i = 0; i <= 120; ++i) {
    p = {city.min_lat + (city.max_lat - city.min_lat) * i / 100.0,
         city.min_lon + (city.max_lon - city.min_lon) * i / 100.0};
    q.upsert(1000, p);
    const geo_point in{std::min(p.lat, city.max_lat), std::min(p.lon, city.max_lon)};
    const auto hits = q.nearest(in, 1, 1);
    ASSERT_EQ(hits.size(), 1u) << i;
    EXPECT_EQ(hits[0].driver, 1000u) << i;
  }
  EXPECT_EQ(q.size(), 301u);
}

TEST(GeoIndex, RadiusAndKAreBothLimits) {
  for (auto& i : indexes()) {
    i->upsert(1, {37.7500, -122.4200});
    i->upsert(2, {37.7510, -122.4200});  // 111 m north
    i->upsert(3, {37.7600, -122.4200});  // 1.1 km north
    auto hits = i->nearest({37.7500, -122.4200}, 500, 10);
    ASSERT_EQ(hits.size(), 2u) << i->name();
    EXPECT_EQ(hits[0].driver, 1u);
    EXPECT_EQ(hits[1].driver, 2u);
    EXPECT_NEAR(hits[1].distance_m, 111.2, 0.5);
    EXPECT_EQ(i->nearest({37.7500, -122.4200}, 5000, 1).size(), 1u) << i->name();
    i->remove(1);
    i->remove(1);  // twice: nothing happens
    EXPECT_EQ(i->nearest({37.7500, -122.4200}, 5000, 1).at(0).driver, 2u) << i->name();
    EXPECT_TRUE(i->nearest({37.0, -122.0}, 1000, 5).empty()) << i->name();
  }
}

TEST(GeoIndex, QuadtreeSplitsCrowdedLeaves) {
  quadtree_index q(city, 4);
  EXPECT_EQ(q.nodes(), 1u);
  core::rng r(3);
  for (uint64_t d = 0; d < 1000; ++d) q.upsert(d, random_point(r));
  EXPECT_GT(q.nodes(), 250u);  // about 1000 / 4 leaves, four to a split
  // Many drivers at one spot: splitting stops at the depth limit instead of recursing forever.
  quadtree_index same(city, 4, 10);
  for (uint64_t d = 0; d < 100; ++d) same.upsert(d, {37.75, -122.42});
  EXPECT_EQ(same.nearest({37.75, -122.42}, 10, 100).size(), 100u);
}

}  // namespace
}  // namespace sdsim::ride_hailing
