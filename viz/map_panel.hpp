// The map panel: surge heat per geohash cell, the drivers by state (one GL_POINTS draw, or a
// density image when too many are on screen), riders waiting, lines from drivers to their
// pickups, the hot spots with their surge. Zoom with the wheel, pan by dragging.
#pragma once

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "actors/core/live_map.hpp"
#include "viz/density_grid.hpp"
#include "viz/map_view.hpp"
#include "viz/point_layer.hpp"

namespace sdsim::viz {

/// How the map draws many points.
struct map_detail {
  /// Above this many points on screen, the density image replaces single points.
  std::size_t max_points = 60'000;
  /// This kind stays single points over the density image (drivers heading to a pickup: few,
  /// and the ones the pickup lines start from).
  uint8_t overlay_kind = 2;
  /// Lines and marks beyond these counts are not drawn (the counts still show).
  std::size_t max_lines = 4000, max_marks = 4000;
};

/// Not thread-safe: the UI thread's.
class map_panel {
 public:
  explicit map_panel(map_detail d = {}) : detail_(d) {}
  ~map_panel();

  /// Draws `slot`'s latest pictures into the current ImGui window's remaining space.
  void draw(const std::shared_ptr<core::map_slot>& slot);

  /// Express: the map draws its outline and heat only, no points, lines, marks or hot spots
  /// (a summary for a busy host).
  void set_express(bool on) { express_ = on; }

  /// The request the viewer clicked on (a line or a mark) since the last call, once.
  std::optional<uint64_t> take_pick() { return std::exchange(picked_, std::nullopt); }

  /// Rings the line or mark of request `id` (0: none), the one whose trace is shown.
  void set_highlight(uint64_t id) { highlight_ = id; }

  /// True when the last frame drew the density image instead of single points.
  bool used_density() const { return used_density_; }

  /// The drivers' colors (R in the low byte), by kind.
  static const std::vector<uint32_t>& colors();

 private:
  void draw_heat(ImDrawList* dl, const core::map_heat& heat) const;
  void draw_density(ImDrawList* dl, const std::shared_ptr<const core::map_points>& pts,
                    std::size_t kinds);
  void draw_overlays(ImDrawList* dl, const core::map_points& pts) const;
  void handle_input(const core::map_points* pts);
  void draw_highlight(ImDrawList* dl, const core::map_points& pts) const;

  map_detail detail_;
  std::optional<map_view> view_;
  const core::map_slot* slot_ = nullptr;  // the slot view_ was made for
  point_layer points_;
  point_layer overlay_;                   // over the density image
  // The density image is counted again only when the picture or the view changed.
  std::shared_ptr<const core::map_points> counted_;
  float counted_view_[5] = {};
  density_grid grid_;
  unsigned texture_ = 0;
  bool used_density_ = false;
  bool express_ = false;
  std::optional<uint64_t> picked_;
  uint64_t highlight_ = 0;
};

}  // namespace sdsim::viz
