#include "actors/ride_hailing/offer_log.hpp"

#include <algorithm>

namespace sdsim::ride_hailing {

namespace {
const char* const matching_service = "ride_hailing/matching";
}

offer_log::offer_log(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void offer_log::record(uint64_t ride, core::sim_ns at, std::string what, std::string detail) {
  auto it = hops_.find(ride);
  if (it == hops_.end()) {
    if (order_.size() == capacity_) {
      hops_.erase(order_.front());
      order_.pop_front();
    }
    order_.push_back(ride);
    it = hops_.emplace(ride, std::vector<core::trace_hop>{}).first;
  }
  it->second.push_back({at, matching_service, std::move(what), std::move(detail)});
}

std::vector<core::trace_hop> offer_log::hops(uint64_t ride) const {
  auto it = hops_.find(ride);
  return it == hops_.end() ? std::vector<core::trace_hop>{} : it->second;
}

std::string list_ids(const char* noun, const std::vector<uint64_t>& ids) {
  std::string out = std::string(noun) + (ids.size() == 1 ? " " : "s ");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += std::to_string(ids[i]);
  }
  return out;
}

}  // namespace sdsim::ride_hailing
