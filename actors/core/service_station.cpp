// Event-driven bookkeeping of one service instance.
#include "actors/core/service_station.hpp"

#include <algorithm>

namespace sdsim::core {

service_station::service_station(std::string name, uint32_t shard, capacity_model capacity,
                                 sim_ns window_start)
    : name_(std::move(name)), shard_(shard), capacity_(std::move(capacity)),
      window_start_(window_start) {}

void service_station::advance(sim_ns now) {
  const sim_ns from = std::max(last_event_, window_start_);
  if (now > from) area_ns_ += static_cast<double>(in_system_) * static_cast<double>(now - from);
  last_event_ = std::max(last_event_, now);
}

sim_ns service_station::modeled_arrival(sim_ns scheduled, sim_ns now) {
  last_arrival_ = std::max(std::min(scheduled, now), last_arrival_);
  return last_arrival_;
}

std::optional<reservation> service_station::arrive(sim_ns now, rng& r) {
  return arrive_with(now, capacity_.service_time().sample(r));
}

std::optional<reservation> service_station::arrive_with(sim_ns now, sim_ns service) {
  auto res = capacity_.admit_with(now, service);
  if (!res) {
    if (measured(now)) ++rejected_;
    return res;
  }
  // The modeled arrival may precede events already seen (host delivery is late, the model is
  // not): the request was in the system since `now`, so add that stretch too.
  const sim_ns from = std::max(now, window_start_);
  if (last_event_ > from) area_ns_ += static_cast<double>(last_event_ - from);
  advance(now);
  ++in_system_;
  if (measured(now)) {
    ++arrivals_;
    open_arrival_sum_ += now;
    busy_ns_ += static_cast<double>(res->service);
    const uint64_t waiting = capacity_.waiting();
    queue_max_ = std::max(queue_max_, waiting);
    const auto second = static_cast<std::size_t>((now - window_start_) / ns_per_s);
    if (second >= queue_per_s_.size()) queue_per_s_.resize(second + 1, 0);
    queue_per_s_[second] = std::max(queue_per_s_[second], waiting);
  }
  return res;
}

void service_station::depart(sim_ns arrival, sim_ns now) {
  advance(now);
  --in_system_;
  if (!measured(arrival)) {
    if (now > window_start_) carried_in_ns_ += static_cast<double>(now - window_start_);
    return;
  }
  open_arrival_sum_ -= arrival;
  ++departures_;
  sojourn_sum_ns_ += static_cast<double>(now - arrival);
  ++sojourn_count_;
}

double service_station::edge_ns(sim_ns now) const {
  const uint64_t open_measured = arrivals_ - departures_;
  const __int128 open_measured_ns = static_cast<__int128>(open_measured) * now - open_arrival_sum_;
  const sim_ns since_start = std::max<sim_ns>(0, now - window_start_);
  const uint64_t open_from_before = in_system_ - open_measured;
  return carried_in_ns_ + static_cast<double>(open_measured_ns) +
         static_cast<double>(open_from_before) * static_cast<double>(since_start);
}

void service_station::mark_arrivals_end(sim_ns now) {
  if (backlog_at_end_ns_ < 0) backlog_at_end_ns_ = static_cast<double>(capacity_.backlog(now));
}

void service_station::to_proto(ServiceMetrics* out, sim_ns now) {
  advance(now);
  out->set_name(name_);
  out->set_shard(shard_);
  out->set_servers(capacity_.servers());
  out->set_arrivals(arrivals_);
  out->set_departures(departures_);
  out->set_busy_ns(busy_ns_);
  out->set_queue_max(queue_max_);
  out->set_area_in_system_ns(area_ns_);
  out->set_sojourn_sum_ns(sojourn_sum_ns_);
  out->set_sojourn_count(sojourn_count_);
  out->set_edge_in_system_ns(edge_ns(now));
  out->set_backlog_ns_at_end(std::max(0.0, backlog_at_end_ns_));
  for (auto q : queue_per_s_) out->add_queue_depth_per_s(q);
  out->set_rejected(rejected_);
}

}  // namespace sdsim::core
