// The host's raw actor-message rate, measured in the same process as the bench, so that a
// design's throughput can be judged against what this machine can do at all.
#pragma once

#include "scenarios/bench.pb.h"

namespace sdsim::scenarios {

/// Fan-in (16 senders to one actor) and request/response (64 in flight) micro-runs on CAF's
/// threaded scheduler with `threads` workers. Takes about a second.
Calibration calibrate(uint32_t threads);

}  // namespace sdsim::scenarios
