// The panels beside the map: the run and its knobs, the charts per API, the legend.
#pragma once

#include <string>

#include "viz/live_session.hpp"

namespace sdsim::viz {

/// Per service: instances, arrivals per sim second, utilization, longest queue.
void draw_services(const live_session& session);

/// Per API: throughput and mean latency per sim second, and totals so far.
void draw_charts(const live_session& session);

/// Speed and pause, the faults per service, the scenario's knobs that restart the run, and
/// the command that replays what was chosen. `message` keeps the last knob's outcome.
void draw_controls(live_session& session, std::string& message);

/// The trace of the ride last clicked on the map (nothing until one was).
void draw_trace(const live_session& session);

/// What the map's colors and shapes mean, and how many of each there are now.
void draw_legend(const live_session& session);

}  // namespace sdsim::viz
