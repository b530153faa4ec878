#include "actors/ride_hailing/surge_pricing.hpp"

#include <gtest/gtest.h>

#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {
namespace {

using core::from_s;

const geo_point downtown{37.79, -122.40};
const geo_point airport{37.62, -122.38};

TEST(SurgePricing, NoExcessDemandNoSurge) {
  surge_pricing s(surge_config{});
  s.supply(downtown, 10);
  for (int i = 0; i < 10; ++i) s.request(downtown, from_s(i));
  EXPECT_DOUBLE_EQ(s.multiplier(downtown, from_s(10)), 1.0);
}

TEST(SurgePricing, RisesWithDemandPerDriverAndStaysInItsCell) {
  surge_pricing s(surge_config{});
  s.supply(downtown, 10);
  s.supply(airport, 10);
  for (int i = 0; i < 30; ++i) s.request(downtown, from_s(i));
  EXPECT_DOUBLE_EQ(s.multiplier(downtown, from_s(30)), 2.0);  // 3 per driver: 1 + 0.5 x 2
  EXPECT_DOUBLE_EQ(s.multiplier(airport, from_s(30)), 1.0);
}

TEST(SurgePricing, HotCellsAreTheCellsAboveOneWithTheirMultiplier) {
  surge_pricing s(surge_config{});
  s.supply(downtown, 10);
  s.supply(airport, 10);
  for (int i = 0; i < 30; ++i) s.request(downtown, from_s(i));
  const auto hot = s.hot_cells(from_s(30));
  ASSERT_EQ(hot.size(), 1u);
  EXPECT_EQ(hot[0].first, geohash_bits(downtown, surge_config{}.precision));
  EXPECT_DOUBLE_EQ(hot[0].second, 2.0);
  // The cell's box holds the point it came from.
  EXPECT_TRUE(geohash_box(hot[0].first, surge_config{}.precision).contains(downtown));
}

TEST(SurgePricing, BoundedWhateverTheDemand) {
  surge_pricing s(surge_config{});
  s.supply(downtown, 0);  // no drivers at all
  for (int i = 0; i < 10'000; ++i) s.request(downtown, from_s(1));
  EXPECT_DOUBLE_EQ(s.multiplier(downtown, from_s(2)), 3.0);
}

TEST(SurgePricing, FallsAsTheWindowSlidesPast) {
  surge_config c;
  c.window_s = 60;
  surge_pricing s(c);
  s.supply(downtown, 2);
  for (int i = 0; i < 20; ++i) s.request(downtown, from_s(10));
  EXPECT_GT(s.multiplier(downtown, from_s(30)), 1.0);
  EXPECT_DOUBLE_EQ(s.multiplier(downtown, from_s(71)), 1.0);  // the burst left the window
}

TEST(SurgePricing, NoSurgeUntilTheCellsSupplyIsKnown) {
  surge_pricing s(surge_config{});
  for (int i = 0; i < 50; ++i) s.request(downtown, from_s(1));
  EXPECT_DOUBLE_EQ(s.multiplier(downtown, from_s(2)), 1.0);  // no count yet: not "0 drivers"
  EXPECT_EQ(s.cells_above_one(from_s(2)), 0u);
  s.supply(downtown, 5);
  EXPECT_GT(s.multiplier(downtown, from_s(2)), 1.0);
  EXPECT_EQ(s.cells_above_one(from_s(2)), 1u);
}

TEST(SurgePricing, FareScalesWithTheMultiplier) {
  surge_pricing s(surge_config{});
  const double base = s.fare(10'000, 1200, 1.0);  // 10 km, 20 min
  EXPECT_DOUBLE_EQ(base, 2.5 + 12 + 6);
  EXPECT_DOUBLE_EQ(s.fare(10'000, 1200, 1.5), 1.5 * base);
}

}  // namespace
}  // namespace sdsim::ride_hailing
