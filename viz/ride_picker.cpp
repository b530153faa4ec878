#include "viz/ride_picker.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::viz {
namespace {

float distance_to_segment(pixel p, pixel a, pixel b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

}  // namespace

std::optional<uint64_t> pick_ride(const core::map_points& pts, const map_view& view, pixel at,
                                  float radius_px) {
  std::optional<uint64_t> best;
  float best_d = radius_px;
  const std::size_t lines = std::min(pts.lines.size(), pts.line_ids.size());
  for (std::size_t i = 0; i < lines; ++i) {
    const auto& l = pts.lines[i];
    const float d = distance_to_segment(at, view.to_screen(l[0], l[1]), view.to_screen(l[2], l[3]));
    if (d <= best_d) best_d = d, best = pts.line_ids[i];
  }
  const std::size_t marks = std::min(pts.marks.size(), pts.mark_ids.size());
  for (std::size_t i = 0; i < marks; ++i) {
    const pixel m = view.to_screen(pts.marks[i][0], pts.marks[i][1]);
    const float d = std::hypot(at.x - m.x, at.y - m.y);
    if (d <= best_d) best_d = d, best = pts.mark_ids[i];
  }
  return best;
}

std::optional<uint64_t> first_ride(const core::map_points& pts) {
  if (!pts.line_ids.empty()) return pts.line_ids.front();
  if (!pts.mark_ids.empty()) return pts.mark_ids.front();
  return std::nullopt;
}

}  // namespace sdsim::viz
