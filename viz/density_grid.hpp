// The map's level of detail: when more points are on screen than can be drawn one by one at a
// frame rate, they are counted into a grid of screen cells and the grid is drawn as one image,
// each cell colored by the mix of kinds it holds and more opaque the more points it holds.
#pragma once

#include <cstdint>
#include <vector>

#include "actors/core/live_map.hpp"
#include "viz/map_view.hpp"

namespace sdsim::viz {

/// Colors of point kinds, in kind order: R in the low byte, A in the high one (as ImGui and
/// an RGBA texture in memory have them).
using palette = std::vector<uint32_t>;

/// A grid of counts per kind over the map's rectangle. Not thread-safe.
class density_grid {
 public:
  /// Cells of `cell_px` × `cell_px` screen pixels.
  explicit density_grid(int cell_px = 3) : cell_px_(cell_px) {}

  /// Counts `points` as `view` shows them (points off screen are skipped).
  void count(const core::map_points& points, const map_view& view, std::size_t kinds);

  int columns() const { return cols_; }
  int cell_px() const { return cell_px_; }
  int rows() const { return rows_; }

  /// Points of `kind` in cell (column, row).
  uint32_t at(int column, int row, std::size_t kind) const {
    return counts_[(static_cast<std::size_t>(row) * cols_ + column) * kinds_ + kind];
  }

  /// The grid as RGBA pixels, one per cell, row 0 first: the kinds' colors mixed in the
  /// proportions the cell holds them (a downtown cell where a third of the drivers are on a
  /// trip takes a third of that color), alpha rising with the log of the count up to the
  /// fullest cell.
  std::vector<uint32_t> image(const palette& colors) const;

 private:
  int cell_px_;
  int cols_ = 0, rows_ = 0;
  std::size_t kinds_ = 0;
  std::vector<uint32_t> counts_;  // (row, column, kind)
};

}  // namespace sdsim::viz
