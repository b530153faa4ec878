// Which request a click on the map means: the nearest line (a driver heading to a pickup) or
// mark (a rider waiting) within a few pixels. Plain: a picture and a projection in, an id out.
#pragma once

#include <cstdint>
#include <optional>

#include "actors/core/live_map.hpp"
#include "viz/map_view.hpp"

namespace sdsim::viz {

/// The id of the line or mark of `pts` nearest to `at` on screen, if one lies within
/// `radius_px`; lines are measured to their nearest point, marks to their place.
std::optional<uint64_t> pick_ride(const core::map_points& pts, const map_view& view, pixel at,
                                  float radius_px = 8);

/// The first request the picture shows (a line's, else a mark's), for a headless trace.
std::optional<uint64_t> first_ride(const core::map_points& pts);

}  // namespace sdsim::viz
