// A token-bucket rate limiter in sim time: the caller passes the time, the bucket never
// reads a clock, so a run replays exactly.
#pragma once

#include <cstdint>

#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// Admits `rate_per_s` tokens per second on average, with bursts of up to `burst` tokens.
/// The bucket starts full; the first call it sees sets its time.
///
/// Invariants:
/// (1) 0 <= tokens_ <= burst_.
/// (2) last_ns_ is the largest time seen so far: refill happens only for time beyond it,
///     so a backward jump (a reordered or replayed message) grants nothing, and time lost
///     going backwards is not counted twice when it comes forward again.
///
/// Thread-safety: none; one owner (an actor) at a time.
class token_bucket {
 public:
  /// A full bucket; `rate_per_s` >= 0 and `burst` > 0 (asserted).
  token_bucket(double rate_per_s, double burst);

  /// Takes `tokens` (>= 0, may be fractional) at time `now_ns` if that many are available;
  /// false, taking nothing, otherwise. A request larger than burst() never succeeds.
  bool try_take(sim_ns now_ns, double tokens = 1.0);

  /// Tokens available at `now_ns` (refills first, hence not const).
  double available(sim_ns now_ns);

  /// Sim nanoseconds from `now_ns` until `tokens` will be available: 0 if they are now, -1 if
  /// never (more than burst(), a zero rate, or past ~285 years). For a Retry-After hint.
  sim_ns wait_ns(sim_ns now_ns, double tokens = 1.0);

  /// Average admitted rate, tokens per second.
  double rate_per_s() const { return rate_per_s_; }

  /// Bucket size: the most tokens that can be taken at once.
  double burst() const { return burst_; }

 private:
  void refill(sim_ns now_ns);

  double rate_per_s_;
  double burst_;
  double tokens_;
  sim_ns last_ns_ = 0;
  bool started_ = false;  // false until the first call gives the bucket its time
};

}  // namespace sdsim::core
