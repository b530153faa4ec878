// CI thresholds: bounds on an API's latency, errors and throughput, or on a design's figure.
#pragma once

#include "actors/core/report.pb.h"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

/// Appends one ThresholdResult per bound of every threshold in `s`.
void evaluate_thresholds(const Scenario& s, RunReport* report);

}  // namespace sdsim::scenarios
