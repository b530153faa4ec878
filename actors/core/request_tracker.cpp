#include "actors/core/request_tracker.hpp"

#include <limits>

namespace sdsim::core {

request_tracker::request_tracker(const std::string& design,
                                 const std::vector<std::string>& api_names, sim_ns window_start) {
  for (const auto& name : api_names) stats_.emplace_back(design, name, window_start);
}

void request_tracker::on_sent(uint64_t id, uint32_t api, sim_ns scheduled) {
  stats_[api].on_sent(scheduled);
  pending_.emplace(id, pending{scheduled, api});
  order_.push_back(id);
}

std::optional<request_tracker::pending> request_tracker::on_reply(uint64_t id, outcome o,
                                                                  sim_ns now) {
  auto it = pending_.find(id);
  if (it == pending_.end()) {
    // Already timed out: the outcome stands; the straggler is only counted.
    if (auto t = timed_out_.find(id); t != timed_out_.end()) {
      stats_[t->second].on_late_reply();
      timed_out_.erase(t);
    }
    return std::nullopt;
  }
  const pending p = it->second;
  pending_.erase(it);
  stats_[p.api].on_outcome(p.scheduled, now, o);
  return p;
}

void request_tracker::expire(sim_ns deadline, sim_ns now,
                             const std::function<void(uint64_t, uint32_t)>& each) {
  while (!order_.empty()) {
    auto it = pending_.find(order_.front());
    if (it == pending_.end()) {
      order_.pop_front();
      continue;
    }
    if (it->second.scheduled > deadline) break;
    order_.pop_front();
    const auto [scheduled, api] = it->second;
    const uint64_t id = it->first;
    pending_.erase(it);
    timed_out_.emplace(id, api);
    stats_[api].on_outcome(scheduled, now, outcome::timeout);
    if (each) each(id, api);
  }
}

void request_tracker::to_proto(ActorMetrics* out, sim_ns now,
                               const std::function<bool(uint32_t)>& used,
                               const std::function<void(uint64_t, uint32_t)>& each) {
  std::vector<uint64_t> in_flight(stats_.size(), 0);
  for (const auto& [id, p] : pending_)
    if (stats_[p.api].measured(p.scheduled)) ++in_flight[p.api];
  expire(std::numeric_limits<sim_ns>::max(), now, each);
  for (uint32_t a = 0; a < stats_.size(); ++a)
    if (used(a)) stats_[a].to_proto(out->add_apis(), in_flight[a]);
}

void request_tracker::peek(ActorMetrics* out, const std::function<bool(uint32_t)>& used) const {
  std::vector<uint64_t> in_flight(stats_.size(), 0);
  for (const auto& [id, p] : pending_) ++in_flight[p.api];
  for (uint32_t a = 0; a < stats_.size(); ++a)
    if (used(a)) stats_[a].to_proto(out->add_apis(), in_flight[a]);
}

}  // namespace sdsim::core
