// The scenario's faults as a timeline: each fault at its time, the end of each one that lasts
// (a slow service back to speed, a node restarted), and when a simulated node's pause is
// noticed; and how each reads in the report.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "actors/core/design.hpp"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

class cluster_run;

/// One event of the timeline, with the design that carries it out (for a fault on a service).
struct fault_event {
  core::sim_ns at = 0;
  Fault fault;
  std::size_t design = 0;
  bool undo = false;     ///< the end of a node fault with a duration
  bool noticed = false;  ///< a simulated node's pause, declared dead (its timeout passed)
};

/// The design whose service `f` names (the first one when none does).
std::size_t fault_design(const Fault& f, const std::vector<const core::design*>& enabled);

/// The scenario's faults in time order (`cluster`: null when nothing is placed).
std::vector<fault_event> fault_timeline(const Scenario& s,
                                        const std::vector<const core::design*>& enabled,
                                        const cluster_run* cluster);

/// A fault on a service, in words, for the report.
std::string describe(const Fault& f);

}  // namespace sdsim::scenarios
