// The sending side's per-user limit: a rate with a burst per user (memory bounded by an LRU),
// so that one chatty upstream cannot flood a user's phone. Pushes are paced, not refused.
#pragma once

#include <cstdint>
#include <optional>

#include "actors/core/lru_cache.hpp"
#include "actors/notification/pacer.hpp"

namespace sdsim::notification {

/// Not thread-safe: owned by one worker.
class sender_throttle {
 public:
  /// At most `users` pacers are kept (the least recently used is dropped: that user starts
  /// afresh with a full burst).
  sender_throttle(double per_user_rate_per_s, double per_user_burst, std::size_t users = 100'000);

  /// The time a push for `user` may go, booked, when that is at most `max_hold` after `now`;
  /// otherwise nullopt and nothing booked, with `*wait` set to how long it would have waited.
  std::optional<core::sim_ns> book(uint64_t user, core::sim_ns now, core::sim_ns max_hold,
                                   core::sim_ns* wait);

 private:
  double rate_, burst_;
  core::lru_cache<uint64_t, pacer> users_;
};

}  // namespace sdsim::notification
