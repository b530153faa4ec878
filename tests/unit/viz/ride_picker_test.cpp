#include "viz/ride_picker.hpp"

#include <gtest/gtest.h>

#include "tests/unit/viz/bay_view.hpp"

namespace sdsim::viz {
namespace {

core::map_points two_rides() {
  core::map_points p;
  p.lines.push_back({37.70f, -122.45f, 37.70f, -122.35f});  // a driver heading east to a pickup
  p.line_ids.push_back(11);
  p.marks.push_back({37.75f, -122.40f});                    // a rider waiting
  p.mark_ids.push_back(22);
  return p;
}

TEST(RidePicker, AClickNearALinePicksItsRideAnywhereAlongIt) {
  const auto v = bay();
  const auto p = two_rides();
  const pixel mid = v.to_screen(37.70, -122.40);
  EXPECT_EQ(pick_ride(p, v, {mid.x, mid.y + 3}), 11u);
  const pixel end = v.to_screen(37.70, -122.35);
  EXPECT_EQ(pick_ride(p, v, {end.x + 2, end.y}), 11u);
}

TEST(RidePicker, AClickNearAMarkPicksItsRideAndFarFromEverythingNothing) {
  const auto v = bay();
  const auto p = two_rides();
  const pixel m = v.to_screen(37.75, -122.40);
  EXPECT_EQ(pick_ride(p, v, {m.x - 4, m.y + 4}), 22u);
  EXPECT_FALSE(pick_ride(p, v, {m.x + 40, m.y - 40}).has_value());
}

TEST(RidePicker, TheNearestWinsWhenTwoAreWithinReach) {
  const auto v = bay();
  core::map_points p;
  const float lat = 37.70f;
  p.marks = {{lat, -122.4000f}, {lat, -122.4003f}};
  p.mark_ids = {1, 2};
  const pixel second = v.to_screen(lat, -122.4003);
  EXPECT_EQ(pick_ride(p, v, second, 20), 2u);
}

TEST(RidePicker, TheFirstRideIsALinesThenAMarks) {
  auto p = two_rides();
  EXPECT_EQ(first_ride(p), 11u);
  p.line_ids.clear();
  EXPECT_EQ(first_ride(p), 22u);
  EXPECT_FALSE(first_ride(core::map_points{}).has_value());
}

}  // namespace
}  // namespace sdsim::viz
