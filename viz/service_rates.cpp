#include "viz/service_rates.hpp"

#include <algorithm>

namespace sdsim::viz {

void service_rates::update(const std::vector<ActorMetrics>& services, double sim_s) {
  const double dt = last_sim_s_ >= 0 ? sim_s - last_sim_s_ : 0;
  std::map<std::string, service_line> by;
  std::map<std::string, double> busy_ns;
  std::map<std::pair<std::string, uint32_t>, counters> now;
  for (const auto& m : services) {
    for (const auto& s : m.services()) {
      auto& line = by[s.name()];
      line.name = s.name();
      ++line.instances;
      line.servers = s.servers();
      line.queue_max = std::max(line.queue_max, s.queue_max());
      line.rejected += s.rejected();
      const auto key = std::make_pair(s.name(), s.shard());
      now[key] = {s.arrivals(), s.busy_ns()};
      // A shard seen for the first time (or restarted, its counters back at 0) has no rate yet.
      auto it = last_.find(key);
      if (it == last_.end() || it->second.arrivals > s.arrivals() || dt <= 0) continue;
      line.arrivals_per_s += static_cast<double>(s.arrivals() - it->second.arrivals) / dt;
      busy_ns[s.name()] += s.busy_ns() - it->second.busy_ns;
    }
  }
  lines_.clear();
  for (auto& [name, line] : by) {
    if (line.servers > 0 && dt > 0)
      line.utilization = busy_ns[name] / (dt * 1e9 * line.servers * line.instances);
    lines_.push_back(line);
  }
  last_ = std::move(now);
  last_sim_s_ = sim_s;
}

}  // namespace sdsim::viz
