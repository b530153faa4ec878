// The notification service's figures while it runs, from its queue shards' live looks: the
// deliveries pending now and those dead-lettered so far (the DLQ).
#pragma once

#include <vector>

#include "actors/core/design.hpp"

namespace sdsim::notification {

/// "queue depth" (pending deliveries, all shards) and "dead-lettered" (deliveries that
/// reached the attempt cap); nothing before a queue shard has answered.
std::vector<core::live_figure> live_figures(const std::vector<ActorMetrics>& services);

}  // namespace sdsim::notification
