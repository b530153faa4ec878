// The seeded sequence of arrival times of one workload: a (non-homogeneous) Poisson process
// by thinning, or evenly spaced arrivals.
#pragma once

#include <optional>

#include "actors/core/model.pb.h"
#include "actors/core/rate_shape.hpp"
#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// Yields arrival times in increasing order until `end`. The same seed and shape give the
/// same times on any platform. Not thread-safe.
class arrival_process {
 public:
  arrival_process(rate_shape shape, ArrivalProcess kind, rng r, sim_ns end);

  /// The next arrival time, or nullopt once past the end.
  std::optional<sim_ns> next();

  /// Stops the process early (Ctrl-C): no arrival at or after `end` is produced.
  void stop_at(sim_ns end) { end_ = std::min(end_, end); }

 private:
  std::optional<double> next_poisson();
  std::optional<double> next_uniform();

  rate_shape shape_;
  ArrivalProcess kind_;
  rng rng_;
  sim_ns end_;
  double t_s_ = 0;  // time of the last arrival (or of the thinning cursor), in sim seconds
};

}  // namespace sdsim::core
