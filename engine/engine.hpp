// Runs one resolved scenario (one variant) under its clock and returns the run report.
#pragma once

#include <atomic>
#include <string>

#include "actors/core/design.hpp"
#include "actors/core/report.pb.h"
#include "engine/live_view.hpp"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

/// How a run is shown and interrupted.
struct run_options {
  bool quiet = false;                          ///< no progress output
  const std::atomic<bool>* interrupted = nullptr;  ///< set by Ctrl-C: stop arrivals, drain, report
  live_view* live = nullptr;                   ///< a viewer to show the run to, if any
};

/// Runs `s` and builds its report (designs, checks, host, saturation). Never throws for a
/// modeled failure; a report with `partial` set means the run was interrupted.
RunReport run_scenario(const Scenario& s, const std::string& file, const std::string& variant,
                       const core::design_registry& designs, const run_options& opts);

}  // namespace sdsim::scenarios
