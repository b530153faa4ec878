// The view the viz tests project through: a box near San Francisco's latitude, shown in
// 800 × 600 pixels.
#pragma once

#include "viz/map_view.hpp"

namespace sdsim::viz {

inline map_view bay() {
  map_view v(37.6, 37.8, -122.5, -122.3);
  v.set_rect({0, 0, 800, 600});
  return v;
}

}  // namespace sdsim::viz
