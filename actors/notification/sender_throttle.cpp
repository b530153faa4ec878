#include "actors/notification/sender_throttle.hpp"

namespace sdsim::notification {

sender_throttle::sender_throttle(double per_user_rate_per_s, double per_user_burst,
                                 std::size_t users)
    : rate_(per_user_rate_per_s), burst_(per_user_burst), users_(users) {}

std::optional<core::sim_ns> sender_throttle::book(uint64_t user, core::sim_ns now,
                                                  core::sim_ns max_hold, core::sim_ns* wait) {
  auto* p = users_.get(user);
  if (!p) {
    users_.put(user, pacer{rate_, burst_});
    p = users_.get(user);
  }
  const core::sim_ns at = p->earliest(now);
  *wait = at - now;
  if (*wait > max_hold) return std::nullopt;
  p->book(at);
  return at;
}

}  // namespace sdsim::notification
