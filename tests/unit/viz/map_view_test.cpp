#include "viz/map_view.hpp"

#include <gtest/gtest.h>

#include "tests/unit/viz/bay_view.hpp"

namespace sdsim::viz {
namespace {

TEST(MapView, TheWholeBoxFitsAtZoomOneWithNorthUp) {
  const auto v = bay();
  const pixel nw = v.to_screen(37.8, -122.5), se = v.to_screen(37.6, -122.3);
  EXPECT_GE(nw.x, 0);
  EXPECT_GE(nw.y, 0);
  EXPECT_LE(se.x, 800);
  EXPECT_LE(se.y, 600);
  EXPECT_LT(nw.y, se.y);  // north is up
  EXPECT_DOUBLE_EQ(v.visible_share(), 1.0);
}

TEST(MapView, ToWorldUndoesToScreen) {
  auto v = bay();
  v.zoom_at({100, 100}, 3);
  v.pan(40, -25);
  double lat = 0, lon = 0;
  const pixel p = v.to_screen(37.71, -122.42);
  v.to_world(p, &lat, &lon);
  EXPECT_NEAR(lat, 37.71, 1e-6);  // pixels are floats: ~0.1 m
  EXPECT_NEAR(lon, -122.42, 1e-6);
}

TEST(MapView, ZoomKeepsThePointUnderTheCursor) {
  auto v = bay();
  double lat = 0, lon = 0;
  v.to_world({300, 200}, &lat, &lon);
  v.zoom_at({300, 200}, 4);
  const pixel p = v.to_screen(lat, lon);
  EXPECT_NEAR(p.x, 300, 1e-3);
  EXPECT_NEAR(p.y, 200, 1e-3);
  EXPECT_LT(v.visible_share(), 0.25);  // about a 4 x 4th of it
}

TEST(MapView, ZoomStaysWithinItsBounds) {
  auto v = bay();
  v.zoom_at({0, 0}, 0.01f);
  EXPECT_EQ(v.zoom(), 1.0f);
  for (int i = 0; i < 20; ++i) v.zoom_at({0, 0}, 4);
  EXPECT_EQ(v.zoom(), 256.0f);
}

TEST(MapView, TheShaderAffineMapAgreesWithToScreen) {
  auto v = bay();
  v.zoom_at({500, 300}, 2.5f);
  float a = 0, b = 0, c = 0, d = 0;
  v.affine(&a, &b, &c, &d);
  const double lat = 37.65, lon = -122.36;
  const pixel p = v.to_screen(lat, lon);
  EXPECT_NEAR(a * (lon - v.origin_lon()) + b, p.x, 0.01);
  EXPECT_NEAR(c * (lat - v.origin_lat()) + d, p.y, 0.01);
}

}  // namespace
}  // namespace sdsim::viz
