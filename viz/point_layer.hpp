// Many points in one draw: the drivers' positions live in a GL buffer, uploaded when a new
// picture arrives, and are drawn with a single GL_POINTS call from an ImGui draw-list callback,
// colored by kind in the vertex shader. ImGui shapes (a few vertices and a call each) would
// cost tens of times more per point.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "actors/core/live_map.hpp"
#include "viz/map_view.hpp"

struct ImDrawList;
struct ImDrawCmd;

namespace sdsim::viz {

/// Not thread-safe: the UI thread's, with its GL context current.
class point_layer {
 public:
  point_layer() = default;
  ~point_layer();
  point_layer(const point_layer&) = delete;
  point_layer& operator=(const point_layer&) = delete;

  /// Copies the points of `points` whose kind lies in [min_kind, max_kind] into the GL
  /// buffer, relative to `view`'s origin (skipped when it is the picture already uploaded).
  void upload(const std::shared_ptr<const core::map_points>& points, const map_view& view,
              uint8_t min_kind = 0, uint8_t max_kind = 255);

  /// Adds the draw to `list`, clipped to `view`'s rectangle; `colors` are the kinds' RGBA colors
  /// (R in the low byte); `size_px` the point size.
  void draw(ImDrawList* list, const map_view& view, const std::vector<uint32_t>& colors,
            float size_px);

  std::size_t size() const { return count_; }

 private:
  bool ensure_program();
  static void on_draw(const ImDrawList* list, const ImDrawCmd* cmd);

  unsigned program_ = 0, vao_ = 0, vbo_ = 0;
  int u_affine_ = -1, u_screen_ = -1, u_colors_ = -1, u_size_ = -1;
  std::size_t count_ = 0;
  std::shared_ptr<const core::map_points> uploaded_;
  // What the callback needs, captured when the draw was added (the callback runs later, in
  // ImGui's render pass).
  float affine_[4] = {0, 0, 0, 0};
  float colors_[16] = {};
  float size_px_ = 2;
  bool failed_ = false;
};

}  // namespace sdsim::viz
