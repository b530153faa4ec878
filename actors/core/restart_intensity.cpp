// Restart intensity: a sliding window of granted restarts.
#include "actors/core/restart_intensity.hpp"

#include <cassert>

namespace sdsim::core {

restart_intensity::restart_intensity(intensity_limit limit) : limit_(limit) {
  assert(limit_.window >= 0);
}

bool restart_intensity::try_restart(sim_ns now) {
  assert(recent_.empty() || now >= recent_.back());
  forget_before(now);
  // OTP counts the restart asked for with the ones in the window: more than the maximum
  // gives up. With the window empty of old restarts, max_restarts of them may happen.
  if (recent_.size() + 1 > limit_.max_restarts) return false;
  recent_.push_back(now);
  ++granted_;
  return true;
}

uint32_t restart_intensity::recent(sim_ns now) const {
  uint32_t n = 0;
  for (sim_ns r : recent_) n += now - r < limit_.window ? 1 : 0;
  return n;
}

void restart_intensity::forget_before(sim_ns now) {
  while (!recent_.empty() && now - recent_.front() >= limit_.window) recent_.pop_front();
}

}  // namespace sdsim::core
