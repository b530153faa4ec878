#include "actors/notification/live_figures.hpp"

#include "actors/notification/notification.pb.h"

namespace sdsim::notification {

std::vector<core::live_figure> live_figures(const std::vector<ActorMetrics>& services) {
  uint64_t depth = 0, dead = 0;
  bool any = false;
  for (const auto& m : services) {
    NotificationExtra x;
    if (m.extra().empty() || !x.ParseFromString(m.extra()) || !x.has_queue()) continue;
    any = true;
    depth += x.queue().depth();
    dead += x.queue().dead_lettered();
  }
  if (!any) return {};
  return {{"queue depth", static_cast<double>(depth), ""},
          {"dead-lettered (DLQ)", static_cast<double>(dead), ""}};
}

}  // namespace sdsim::notification
