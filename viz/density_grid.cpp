#include "viz/density_grid.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::viz {

void density_grid::count(const core::map_points& points, const map_view& view, std::size_t kinds) {
  const pixel_rect r = view.rect();
  cols_ = std::max(1, static_cast<int>(r.w) / cell_px_);
  rows_ = std::max(1, static_cast<int>(r.h) / cell_px_);
  kinds_ = std::max<std::size_t>(1, kinds);
  counts_.assign(static_cast<std::size_t>(cols_) * rows_ * kinds_, 0);
  // The projection is affine: two multiplications a point, no trigonometry in the loop.
  float a = 0, b = 0, c = 0, d = 0;
  view.affine(&a, &b, &c, &d);
  const auto lat0 = static_cast<float>(view.origin_lat()), lon0 = static_cast<float>(view.origin_lon());
  const float inv = 1.0f / static_cast<float>(cell_px_);
  for (std::size_t i = 0; i < points.lat.size(); ++i) {
    const float x = (a * (points.lon[i] - lon0) + b - r.x) * inv;
    const float y = (c * (points.lat[i] - lat0) + d - r.y) * inv;
    if (x < 0 || y < 0 || x >= static_cast<float>(cols_) || y >= static_cast<float>(rows_)) continue;
    const std::size_t kind = std::min<std::size_t>(points.kind[i], kinds_ - 1);
    ++counts_[(static_cast<std::size_t>(y) * cols_ + static_cast<std::size_t>(x)) * kinds_ + kind];
  }
}

std::vector<uint32_t> density_grid::image(const palette& colors) const {
  std::vector<uint32_t> out(static_cast<std::size_t>(cols_) * rows_, 0);
  uint32_t fullest = 1;
  std::vector<uint32_t> totals(out.size(), 0);
  for (std::size_t cell = 0; cell < out.size(); ++cell) {
    for (std::size_t k = 0; k < kinds_; ++k) totals[cell] += counts_[cell * kinds_ + k];
    fullest = std::max(fullest, totals[cell]);
  }
  const float scale = 1.0f / std::log1p(static_cast<float>(fullest));
  for (std::size_t cell = 0; cell < out.size(); ++cell) {
    if (totals[cell] == 0) continue;
    float mix[3] = {0, 0, 0};
    for (std::size_t k = 0; k < kinds_; ++k) {
      const float share = static_cast<float>(counts_[cell * kinds_ + k]) / static_cast<float>(totals[cell]);
      const uint32_t c = k < colors.size() ? colors[k] : 0xffffffffu;
      for (int ch = 0; ch < 3; ++ch) mix[ch] += share * static_cast<float>((c >> (8 * ch)) & 0xff);
    }
    // At least a third opaque, so a lone driver stays visible.
    const float level = 0.35f + 0.65f * std::log1p(static_cast<float>(totals[cell])) * scale;
    uint32_t px = static_cast<uint32_t>(std::lround(std::min(1.0f, level) * 255)) << 24;
    for (int ch = 0; ch < 3; ++ch)
      px |= static_cast<uint32_t>(std::lround(std::min(255.0f, mix[ch]))) << (8 * ch);
    out[cell] = px;
  }
  return out;
}

}  // namespace sdsim::viz
