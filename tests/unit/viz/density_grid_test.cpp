#include "viz/density_grid.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

core::map_points points_at(const std::vector<std::array<float, 3>>& lat_lon_kind) {
  core::map_points p;
  for (const auto& x : lat_lon_kind) {
    p.lat.push_back(x[0]);
    p.lon.push_back(x[1]);
    p.kind.push_back(static_cast<uint8_t>(x[2]));
  }
  return p;
}

TEST(DensityGrid, CountsEachPointOnceInTheCellUnderIt) {
  map_view v(0, 1, 0, 1);
  v.set_rect({0, 0, 300, 300});
  density_grid g(3);
  const auto pts = points_at({{0.5f, 0.5f, 1}, {0.5f, 0.5f, 2}, {0.5f, 0.5f, 2}, {0.1f, 0.9f, 3}});
  g.count(pts, v, 4);
  EXPECT_EQ(g.columns(), 100);
  EXPECT_EQ(g.rows(), 100);
  uint64_t total = 0;
  for (int r = 0; r < g.rows(); ++r)
    for (int c = 0; c < g.columns(); ++c)
      for (std::size_t k = 0; k < 4; ++k) total += g.at(c, r, k);
  EXPECT_EQ(total, 4u);
  const pixel mid = v.to_screen(0.5, 0.5);
  const int c = static_cast<int>(mid.x / 3), r = static_cast<int>(mid.y / 3);
  EXPECT_EQ(g.at(c, r, 1), 1u);
  EXPECT_EQ(g.at(c, r, 2), 2u);
}

TEST(DensityGrid, SkipsPointsOffScreen) {
  map_view v(0, 1, 0, 1);
  v.set_rect({0, 0, 300, 300});
  v.zoom_at({0, 0}, 8);  // the top-left corner only
  density_grid g(3);
  g.count(points_at({{0.1f, 0.9f, 1}}), v, 4);  // bottom-right: off screen
  uint64_t total = 0;
  for (int r = 0; r < g.rows(); ++r)
    for (int c = 0; c < g.columns(); ++c) total += g.at(c, r, 1);
  EXPECT_EQ(total, 0u);
}

TEST(DensityGrid, ImageMixesTheKindsColorsAndLeavesEmptyCellsClear) {
  map_view v(0, 1, 0, 1);
  v.set_rect({0, 0, 30, 30});
  density_grid g(3);
  // One cell: one point of kind 1 (pure red), three of kind 2 (pure green).
  g.count(points_at({{0.5f, 0.5f, 1}, {0.5f, 0.5f, 2}, {0.5f, 0.5f, 2}, {0.5f, 0.5f, 2}}), v, 4);
  const palette colors = {0xff000000u, 0xff0000ffu, 0xff00ff00u, 0xffff0000u};
  const auto img = g.image(colors);
  ASSERT_EQ(img.size(), static_cast<std::size_t>(g.columns() * g.rows()));
  int filled = 0;
  for (uint32_t px : img) {
    if (px == 0) continue;
    ++filled;
    EXPECT_EQ(px & 0xffu, 64u);          // red: a quarter of 255
    EXPECT_EQ((px >> 8) & 0xffu, 191u);  // green: three quarters
    EXPECT_EQ((px >> 16) & 0xffu, 0u);
    EXPECT_EQ(px >> 24, 255u);           // the fullest cell is opaque
  }
  EXPECT_EQ(filled, 1);
}

}  // namespace
}  // namespace sdsim::viz
