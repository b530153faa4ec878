#include "actors/notification/backoff_schedule.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sdsim::notification {

backoff_schedule::backoff_schedule(core::sim_ns base, core::sim_ns max, double jitter,
                                   uint32_t max_attempts)
    : base_(base), max_(std::max(base, max)), jitter_(jitter), max_attempts_(max_attempts) {
  assert(base > 0 && jitter >= 0 && max_attempts >= 1);
}

core::sim_ns backoff_schedule::base_delay(uint32_t failures) const {
  core::sim_ns d = base_;
  // Doubling stops at the cap, so no overflow however many failures.
  for (uint32_t i = 1; i < failures && d < max_; ++i) d *= 2;
  return std::min(d, max_);
}

core::sim_ns backoff_schedule::jitter_bound(core::sim_ns base) const {
  return static_cast<core::sim_ns>(std::floor(static_cast<double>(base) * jitter_));
}

backoff_delay backoff_schedule::delay(uint32_t failures, core::rng& r) const {
  backoff_delay d;
  d.base = base_delay(failures);
  const core::sim_ns bound = jitter_bound(d.base);
  d.jitter = bound > 0 ? static_cast<core::sim_ns>(r.below(static_cast<uint64_t>(bound) + 1)) : 0;
  return d;
}

}  // namespace sdsim::notification
