// The topology panel: the node the run lives on, and the graph of its services (boxes with
// shards and load, arrows with rates, the bottleneck in red), drawn from `build_topology`.
#pragma once

#include "viz/live_session.hpp"

namespace sdsim::viz {

/// Draws the graph into a region `height` pixels tall of the current ImGui window.
void draw_topology(const live_session& session, float height);

}  // namespace sdsim::viz
