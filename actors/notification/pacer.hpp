// A rate with a burst, as a schedule rather than a refusal: GCRA, the virtual-scheduling form
// of a token bucket. It answers "when may the next one go?", so a sender can hold work until
// then instead of trying again and again.
#pragma once

#include <algorithm>
#include <cmath>

#include "actors/core/sim_time.hpp"

namespace sdsim::notification {

/// Invariant: booked times conform to `rate_per_s` with bursts of at most `burst`.
/// Not thread-safe.
class pacer {
 public:
  /// `rate_per_s` > 0; `burst` >= 1 (smaller is taken as 1).
  pacer(double rate_per_s, double burst)
      : interval_ns_(1e9 / rate_per_s),
        tolerance_ns_((std::max(1.0, burst) - 1) * 1e9 / rate_per_s) {}

  /// The earliest time at or after `now` the next one conforms.
  core::sim_ns earliest(core::sim_ns now) const {
    return std::max(now, static_cast<core::sim_ns>(std::ceil(tat_ns_ - tolerance_ns_)));
  }

  /// Books one at `at` (>= earliest).
  void book(core::sim_ns at) { tat_ns_ = std::max(tat_ns_, static_cast<double>(at)) + interval_ns_; }

 private:
  double interval_ns_;
  double tolerance_ns_;   // (burst - 1) intervals
  double tat_ns_ = 0;     // theoretical arrival time of the next conforming one
};

}  // namespace sdsim::notification
