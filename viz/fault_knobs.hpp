// The fault knobs: each builds the same `Fault` a scenario's `fault { ... }` block holds, so a
// fault clicked in the visualizer is the one a scenario file can replay headless.
#pragma once

#include <cstdint>
#include <string>

#include "actors/core/model.pb.h"

namespace sdsim::viz {

/// Multiplies `service`'s service times by `factor` until healed (1 heals).
Fault slow_fault(const std::string& service, double factor);

/// Kills shard `shard` of `service` until restarted.
Fault kill_fault(const std::string& service, uint32_t shard);

/// Restarts a killed shard.
Fault restart_fault(const std::string& service, uint32_t shard);

/// Makes `service` (a push provider) fail `rate` of its requests until healed (0 heals).
Fault fail_fault(const std::string& service, double rate);

/// The scenario text of `f` at `at_s` (what to paste into a scenario to replay it).
std::string scenario_text(const Fault& f, double at_s);

}  // namespace sdsim::viz
