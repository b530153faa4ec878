// Restart intensity, as Erlang/OTP supervisors have it: a child that crashes is restarted
// unless that would make more than `max_restarts` restarts within `window` of sim time.
#pragma once

#include <cstdint>
#include <deque>

#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// How often a supervisor may restart a child: at most `max_restarts` within any `window`.
/// Judged in sim time, so a virtual-clock run gives up exactly where a real-clock one does.
struct intensity_limit {
  uint32_t max_restarts = 3;       ///< 0: never restart
  sim_ns window = 10 * ns_per_s;   ///< 0: no memory, each crash is judged alone
};

/// Records the restarts granted and decides the next one. A restart at time r still counts at
/// time t while t − r < window (the window is half-open: one of exactly `window` ago is out).
///
/// Invariants:
/// (1) recent_ holds the granted restarts still inside the window at the last call, oldest
///     first, and never more than max_restarts of them.
/// (2) Only granted restarts are recorded: a refused one does not lengthen the wait.
///
/// Thread-safety: none; one owner (a supervisor actor).
class restart_intensity {
 public:
  /// A history-free intensity; `limit.window` >= 0 (asserted).
  explicit restart_intensity(intensity_limit limit = {});

  /// Asks to restart a child that crashed at `now` (never earlier than a previous call):
  /// true, recording it, when that keeps restarts within the limit; false (give up) otherwise.
  bool try_restart(sim_ns now);

  /// Restarts granted so far.
  uint64_t granted() const { return granted_; }

  /// Granted restarts still counting against the limit at `now`.
  uint32_t recent(sim_ns now) const;

  const intensity_limit& limit() const { return limit_; }

 private:
  void forget_before(sim_ns now);  // drops restarts that have left the window at `now`

  intensity_limit limit_;
  std::deque<sim_ns> recent_;
  uint64_t granted_ = 0;
};

}  // namespace sdsim::core
