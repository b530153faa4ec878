// Busy-until reservation: a request takes the server that frees first.
#include "actors/core/capacity_model.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::core {

capacity_model::capacity_model(uint32_t servers, distribution service_time, uint32_t queue_limit)
    : servers_(servers), service_time_(service_time), queue_limit_(queue_limit) {
  for (uint32_t i = 0; i < servers_; ++i) free_at_.push(0);
}

std::optional<reservation> capacity_model::admit(sim_ns arrival, rng& r) {
  return admit_with(arrival, service_time_.sample(r));
}

std::optional<reservation> capacity_model::admit_with(sim_ns arrival, sim_ns service) {
  if (slowdown_ != 1.0)
    service = static_cast<sim_ns>(std::llround(static_cast<double>(service) * slowdown_));
  if (servers_ == 0) return reservation{arrival, arrival + service, service};
  while (!waiting_.empty() && waiting_.front() <= arrival) waiting_.pop_front();
  const sim_ns free = free_at_.top();
  if (free > arrival && queue_limit_ != 0 && waiting_.size() >= queue_limit_) return std::nullopt;
  free_at_.pop();
  reservation res;
  res.start = std::max(arrival, free);
  res.end = res.start + service;
  res.service = service;
  free_at_.push(res.end);
  if (res.start > arrival) waiting_.push_back(res.start);
  return res;
}

sim_ns capacity_model::backlog(sim_ns now) const {
  if (servers_ == 0) return 0;
  return std::max<sim_ns>(0, free_at_.top() - now);
}

}  // namespace sdsim::core
