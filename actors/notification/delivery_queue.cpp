#include "actors/notification/delivery_queue.hpp"

#include <algorithm>

namespace sdsim::notification {

void delivery_queue::push_first(delivery d) { lane_of(d).first.push_back(std::move(d)); }

void delivery_queue::push_at(delivery d, core::sim_ns due) {
  auto& l = lane_of(d);
  l.timers.push(timed{due, next_seq_++, std::move(d)});
}

std::optional<delivery> delivery_queue::pop(core::sim_ns now) {
  for (lane* l : {&high_, &normal_}) {
    if (!l->timers.empty() && l->timers.top().due <= now) {
      // priority_queue::top is const; the element is moved out just before pop discards it.
      delivery d = std::move(const_cast<timed&>(l->timers.top()).d);
      l->timers.pop();
      return d;
    }
    if (!l->first.empty()) {
      delivery d = std::move(l->first.front());
      l->first.pop_front();
      return d;
    }
  }
  return std::nullopt;
}

core::sim_ns delivery_queue::next_due() const {
  core::sim_ns due = -1;
  for (const lane* l : {&high_, &normal_})
    if (!l->timers.empty() && (due < 0 || l->timers.top().due < due)) due = l->timers.top().due;
  return due;
}

uint64_t delivery_queue::lease(delivery d) {
  const uint64_t n = next_lease_++;
  leases_.emplace(n, std::move(d));
  return n;
}

std::optional<delivery> delivery_queue::release(uint64_t lease) {
  auto it = leases_.find(lease);
  if (it == leases_.end()) return std::nullopt;
  delivery d = std::move(it->second);
  leases_.erase(it);
  return d;
}

std::size_t delivery_queue::waiting() const {
  return high_.first.size() + high_.timers.size() + normal_.first.size() + normal_.timers.size();
}

}  // namespace sdsim::notification
