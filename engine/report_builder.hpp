// Turns what the actors measured into the report: per-API and per-service summaries, the
// engine's own checks (conservation, Little's law), saturation, bottleneck, thresholds.
#pragma once

#include <optional>
#include <vector>

#include "actors/core/design.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/report.pb.h"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

/// The run's windows and limits, as the engine saw them.
struct report_inputs {
  double measured_s = 0;      ///< arrivals window after warm-up: throughput's denominator
  double observed_s = 0;      ///< warm-up end to collection: Little's law's time base
  double lag_threshold_ms = 5;
  bool is_virtual = false;
};

/// Fills `out->apis` and `out->services` from one design's metrics.
void build_design_report(const core::design& d, const std::vector<ActorMetrics>& metrics,
                         const report_inputs& in, DesignReport* out);

/// Adds the engine's checks, host figures, saturation verdict, bottleneck and thresholds.
void finish_run_report(const Scenario& s, const std::vector<ActorMetrics>& metrics,
                       const report_inputs& in, RunReport* report);

/// A service as the bottleneck rule weighs it.
struct service_weight {
  bool unstable = false;      ///< its queue grows without bound (arrivals beyond capacity)
  double utilization = 0;     ///< busy share of its servers
};

/// The bottleneck among `services`: an unstable one first, else the busiest (the first of
/// equals); nullopt when there are none. The report and the live topology both use it.
std::optional<std::size_t> bottleneck_index(const std::vector<service_weight>& services);

/// The exit code a report calls for: 0 ok, 1 a check or threshold failed, 3 saturated.
int exit_code_of(const RunReport& r);

}  // namespace sdsim::scenarios
