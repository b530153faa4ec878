// A client's record of one API: requests sent, outcomes, latency, per-second series.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/core/error_kind.hpp"
#include "actors/core/histogram.hpp"
#include "actors/core/metrics.pb.h"
#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// Counts only requests scheduled inside the measurement window [window_start, ...): warm-up
/// traffic runs but is not measured. Invariant: for measured requests,
/// sent == sum(outcomes) + in_flight. Not thread-safe: owned by one client actor.
class api_stats {
 public:
  api_stats(std::string design, std::string api, sim_ns window_start);

  /// True when a request scheduled at `scheduled` is measured.
  bool measured(sim_ns scheduled) const { return scheduled >= window_start_; }

  /// A request scheduled at `scheduled` was sent.
  void on_sent(sim_ns scheduled);

  /// A request scheduled at `scheduled` ended with `o` at `now`.
  void on_outcome(sim_ns scheduled, sim_ns now, outcome o);

  /// A reply arrived for a request that had already timed out.
  void on_late_reply() { ++late_replies_; }

  /// An arrival was emitted later than the host-lag threshold.
  void on_late_arrival() { ++late_arrivals_; }

  uint64_t sent() const { return sent_; }
  uint64_t completed() const;
  uint64_t count(outcome o) const { return outcomes_[static_cast<std::size_t>(o)]; }
  const histogram& latency() const { return latency_; }

  /// Exports the counters; `in_flight` is what the client still waits for.
  void to_proto(ApiMetrics* out, uint64_t in_flight) const;

 private:
  std::string design_;
  std::string api_;
  sim_ns window_start_;
  uint64_t sent_ = 0;
  uint64_t late_replies_ = 0;
  uint64_t late_arrivals_ = 0;
  std::array<uint64_t, outcome_count> outcomes_{};
  histogram latency_;  // latency of ok outcomes only
  std::vector<uint64_t> per_second_count_;
  std::vector<double> per_second_latency_sum_;
};

}  // namespace sdsim::core
