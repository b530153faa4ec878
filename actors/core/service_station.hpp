// The measured side of a service instance: admission through its capacity model, and the
// counters the report needs (utilization, queue, L, lambda, W) observed at the events themselves.
#pragma once

#include <string>
#include <vector>

#include "actors/core/capacity_model.hpp"
#include "actors/core/metrics.pb.h"

namespace sdsim::core {

/// Invariants:
/// (1) in_system_ == admitted arrivals - departures (every admitted request departs once).
/// (2) area_ is the integral of in_system_ over [window_start, last event]: departures at the
///     times the owning actor observed them, arrivals at their modeled times (which may lie
///     a little in the past), so Little's law checks the bookkeeping end to end.
/// (3) Little's law holds exactly on the window: area_ == the sojourns of requests that
///     arrived in it and left + the edge time (the part inside the window of requests that
///     arrived before it opened, or had not left when it was read).
/// Not thread-safe: owned by one service actor.
class service_station {
 public:
  service_station(std::string name, uint32_t shard, capacity_model capacity, sim_ns window_start);

  /// The modeled arrival time of a request sent at `scheduled` and delivered at `now`: when it
  /// was sent (host delivery lateness must not leak into the model), kept non-decreasing
  /// because several senders' messages may interleave slightly out of order.
  sim_ns modeled_arrival(sim_ns scheduled, sim_ns now);

  /// A request arrives at `now`: its reservation, or nullopt when refused (`overloaded`).
  std::optional<reservation> arrive(sim_ns now, rng& r);

  /// Same, with a service time measured or computed by the caller.
  std::optional<reservation> arrive_with(sim_ns now, sim_ns service);

  /// A request that arrived at `arrival` departs at `now`.
  void depart(sim_ns arrival, sim_ns now);

  /// Freezes the backlog as of the moment arrivals stop (for instability detection).
  void mark_arrivals_end(sim_ns now);

  /// Exports the counters, integrating the area up to `now`.
  void to_proto(ServiceMetrics* out, sim_ns now);

  capacity_model& capacity() { return capacity_; }
  uint64_t in_system() const { return in_system_; }

 private:
  void advance(sim_ns now);
  double edge_ns(sim_ns now) const;
  bool measured(sim_ns t) const { return t >= window_start_; }

  std::string name_;
  uint32_t shard_;
  capacity_model capacity_;
  sim_ns window_start_;
  sim_ns last_event_ = 0;
  sim_ns last_arrival_ = 0;
  uint64_t in_system_ = 0;
  uint64_t arrivals_ = 0;
  uint64_t departures_ = 0;
  uint64_t rejected_ = 0;
  double busy_ns_ = 0;
  double area_ns_ = 0;
  double sojourn_sum_ns_ = 0;
  uint64_t sojourn_count_ = 0;
  double carried_in_ns_ = 0;        // window time of requests that arrived before it and left
  __int128 open_arrival_sum_ = 0;   // arrival times of requests in the system now that arrived
                                    // in the window (arrivals_ - departures_ of them), exact
  uint64_t queue_max_ = 0;
  double backlog_at_end_ns_ = -1;
  std::vector<uint64_t> queue_per_s_;
};

}  // namespace sdsim::core
