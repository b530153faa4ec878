// The seam between a running scenario and a live viewer (the visualizer): the engine tells the
// viewer what is running and takes the faults the viewer asks for. The engine knows nothing
// about how the viewer draws; the viewer never touches an actor's state, only what the designs
// offer through `design_run::live()`.
#pragma once

#include <string>
#include <vector>

#include "actors/core/design.hpp"

namespace sdsim::scenarios {

/// One design of a running scenario, as a viewer sees it.
struct live_design {
  const core::design* design = nullptr;
  core::live_sources sources;
};

/// What is running. Valid from `attach` until `detach`.
struct live_run {
  caf::actor_system* system = nullptr;
  core::sim_clock* clock = nullptr;
  double duration_s = 0;
  std::vector<live_design> designs;
};

/// A fault the viewer asked for, and what became of it.
struct live_fault {
  Fault fault;
  std::string result;  ///< "applied", or why not
};

/// Implemented by a viewer. The engine calls every member on its own thread.
class live_view {
 public:
  virtual ~live_view() = default;
  /// The designs have started and sim time has just begun (sim time 0 is now).
  virtual void attach(const live_run& run) = 0;
  /// Faults to apply now (the engine polls a few times a second). Each is applied and recorded
  /// in the run's report like a scheduled one, then handed back through `applied`.
  virtual std::vector<Fault> take_faults() = 0;
  virtual void applied(const live_fault& f) = 0;
  /// The run's actors are about to stop: nothing from `attach` may be used afterwards.
  virtual void detach() = 0;
};

}  // namespace sdsim::scenarios
