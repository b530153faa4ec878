// When a failed delivery is tried again: exponential backoff with a cap on the base delay and
// bounded additive jitter, so retries of many deliveries spread out instead of arriving in
// lockstep after a provider recovers.
#pragma once

#include <cstdint>

#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"

namespace sdsim::notification {

/// The delay before one retry: a deterministic base and a random jitter in [0, bound].
struct backoff_delay {
  core::sim_ns base = 0;
  core::sim_ns jitter = 0;
  core::sim_ns total() const { return base + jitter; }
};

/// Invariants: base_delay(n) is non-decreasing in n and never above `max`; jitter of a delay
/// is within [0, jitter_bound(base)]. Immutable; thread-safe.
class backoff_schedule {
 public:
  /// `base` > 0 is the first retry's base delay, doubled for each further failure up to `max`;
  /// `jitter` >= 0 is the jitter bound as a share of the base; after `max_attempts` failed
  /// attempts a delivery goes to the dead-letter queue.
  backoff_schedule(core::sim_ns base, core::sim_ns max, double jitter, uint32_t max_attempts);

  /// Base delay after the `failures`-th failure (1 for the first): base * 2^(failures-1),
  /// capped at max.
  core::sim_ns base_delay(uint32_t failures) const;

  /// The largest jitter a delay with base `base` may have.
  core::sim_ns jitter_bound(core::sim_ns base) const;

  /// The delay after the `failures`-th failure, jitter drawn from `r`.
  backoff_delay delay(uint32_t failures, core::rng& r) const;

  /// True when `failures` failed attempts leave no retry.
  bool exhausted(uint32_t failures) const { return failures >= max_attempts_; }

  uint32_t max_attempts() const { return max_attempts_; }
  core::sim_ns base() const { return base_; }
  core::sim_ns max() const { return max_; }
  double jitter() const { return jitter_; }

 private:
  core::sim_ns base_;
  core::sim_ns max_;
  double jitter_;
  uint32_t max_attempts_;
};

}  // namespace sdsim::notification
