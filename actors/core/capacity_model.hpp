// A service instance's capacity: c servers, FCFS, by busy-until reservation. Modeled queueing
// lives here, never in a mailbox, so a modeled overload never reads as host saturation.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <vector>

#include "actors/core/distribution.hpp"
#include "actors/core/model.pb.h"
#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// One admitted request: when it starts service and when it departs.
struct reservation {
  sim_ns start = 0;
  sim_ns end = 0;
  sim_ns service = 0;
};

/// Invariants:
/// (1) Requests are admitted in non-decreasing arrival order (the actor's clock), so FCFS
///     start times are non-decreasing too.
/// (2) `waiting_` holds the start times of admitted requests that have not started yet as of
///     the last arrival, oldest first.
/// Not thread-safe: owned by one service actor.
class capacity_model {
 public:
  /// `servers` == 0 means unlimited servers (a pure delay). `queue_limit` == 0: unbounded.
  capacity_model(uint32_t servers, distribution service_time, uint32_t queue_limit = 0);

  /// The model a scenario's (validated) `Capacity` describes.
  static capacity_model of(const Capacity& c) {
    return capacity_model{c.servers(), distribution{c.service_time()}, c.queue_limit()};
  }

  /// Admits a request arriving at `arrival`; nullopt when the queue is at its limit.
  std::optional<reservation> admit(sim_ns arrival, rng& r);

  /// Admits a request whose service time is already known (real work measured elsewhere).
  std::optional<reservation> admit_with(sim_ns arrival, sim_ns service);

  /// Requests waiting (admitted, not yet started) as of the last arrival.
  std::size_t waiting() const { return waiting_.size(); }

  /// How far ahead of `now` the earliest-free server is booked (0 if one is idle).
  sim_ns backlog(sim_ns now) const;

  /// Multiplies every later service time (a `slow` fault); 1 restores it.
  void set_slowdown(double factor) { slowdown_ = factor; }

  uint32_t servers() const { return servers_; }
  const distribution& service_time() const { return service_time_; }

 private:
  uint32_t servers_;
  distribution service_time_;
  uint32_t queue_limit_;
  double slowdown_ = 1.0;
  // Free times of the servers, earliest on top.
  std::priority_queue<sim_ns, std::vector<sim_ns>, std::greater<>> free_at_;
  std::deque<sim_ns> waiting_;
};

}  // namespace sdsim::core
