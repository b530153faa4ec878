#include "actors/ride_hailing/match_book.hpp"

namespace sdsim::ride_hailing {

std::vector<uint64_t> match_book::take_batch(uint64_t ride, request& r) {
  std::vector<uint64_t> out;
  withdraw(ride, r);
  r.offered.clear();
  while (r.next < r.ranked.size() && out.size() < r.batch) {
    const uint64_t d = r.ranked[r.next++];
    if (busy(d) || considering_other(d, ride)) continue;
    out.push_back(d);
    r.offered.insert(d);
    offered_to_[d] = ride;
  }
  return out;
}

void match_book::withdraw(uint64_t ride, const request& r) {
  for (uint64_t d : r.offered)
    if (auto it = offered_to_.find(d); it != offered_to_.end() && it->second == ride)
      offered_to_.erase(it);
}

std::vector<uint64_t> match_book::open(uint64_t ride, std::vector<uint64_t> ranked,
                                       std::size_t batch) {
  auto& r = open_[ride];
  r.ranked = std::move(ranked);
  r.next = 0;
  r.batch = batch == 0 ? 1 : batch;
  return take_batch(ride, r);
}

offer_result match_book::accept(uint64_t ride, uint64_t driver) {
  if (driver_of_.count(ride)) return offer_result::refused_taken;
  auto it = open_.find(ride);
  if (it == open_.end() || !it->second.offered.count(driver)) return offer_result::refused_unknown;
  if (busy(driver)) {
    it->second.offered.erase(driver);
    offered_to_.erase(driver);
    return offer_result::refused_busy;
  }
  driver_of_[ride] = driver;
  ride_of_[driver] = ride;
  withdraw(ride, it->second);
  open_.erase(it);
  return offer_result::matched;
}

bool match_book::seat(uint64_t ride, uint64_t driver) {
  if (driver_of_.count(ride) || busy(driver) || open_.count(ride)) return false;
  driver_of_[ride] = driver;
  ride_of_[driver] = ride;
  return true;
}

offer_result match_book::deny(uint64_t ride, uint64_t driver) {
  auto it = open_.find(ride);
  if (it == open_.end() || it->second.offered.erase(driver) == 0) return offer_result::refused_unknown;
  offered_to_.erase(driver);
  return after_refusal(ride);
}

offer_result match_book::after_refusal(uint64_t ride) const {
  auto it = open_.find(ride);
  if (it == open_.end()) return offer_result::refused_unknown;
  if (!it->second.offered.empty()) return offer_result::noted;
  // Everyone offered said no: is anyone left to ask?
  for (std::size_t i = it->second.next; i < it->second.ranked.size(); ++i)
    if (!busy(it->second.ranked[i]) && !considering_other(it->second.ranked[i], ride))
      return offer_result::next_batch;
  return offer_result::exhausted;
}

std::vector<uint64_t> match_book::next_offer(uint64_t ride) {
  auto it = open_.find(ride);
  if (it == open_.end()) return {};
  return take_batch(ride, it->second);
}

void match_book::release(uint64_t ride) {
  auto it = driver_of_.find(ride);
  if (it == driver_of_.end()) return;
  ride_of_.erase(it->second);
  driver_of_.erase(it);
}

void match_book::close(uint64_t ride) {
  auto it = open_.find(ride);
  if (it == open_.end()) return;
  withdraw(ride, it->second);
  open_.erase(it);
}

std::optional<uint64_t> match_book::driver_of(uint64_t ride) const {
  auto it = driver_of_.find(ride);
  if (it == driver_of_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> match_book::ride_of(uint64_t driver) const {
  auto it = ride_of_.find(driver);
  if (it == ride_of_.end()) return std::nullopt;
  return it->second;
}

bool match_book::consistent() const {
  if (driver_of_.size() != ride_of_.size()) return false;
  for (const auto& [ride, driver] : driver_of_) {
    auto it = ride_of_.find(driver);
    if (it == ride_of_.end() || it->second != ride) return false;
    if (open_.count(ride)) return false;  // a matched ride is no longer offered
  }
  for (const auto& [driver, ride] : offered_to_) {
    auto it = open_.find(ride);
    if (it == open_.end() || !it->second.offered.count(driver)) return false;
  }
  for (const auto& [ride, r] : open_)
    for (uint64_t d : r.offered)
      if (!offered_to_.count(d) || offered_to_.at(d) != ride) return false;
  return true;
}

}  // namespace sdsim::ride_hailing
