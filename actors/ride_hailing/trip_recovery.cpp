#include "actors/ride_hailing/trip_recovery.hpp"

#include <algorithm>

namespace sdsim::ride_hailing {

asks_again what_to_ask_again(const absl::flat_hash_map<uint64_t, trip_row>& trips) {
  std::vector<const trip_row*> by_id;
  by_id.reserve(trips.size());
  for (const auto& [id, t] : trips) by_id.push_back(&t);
  std::sort(by_id.begin(), by_id.end(),
            [](const trip_row* a, const trip_row* b) { return a->id < b->id; });
  asks_again out;
  for (const auto* t : by_id) {
    if (holds_driver(t->state)) out.seats.emplace_back(t->id, t->driver);
    if (t->state == trip_state::requested) out.waiting.push_back(t);
    if (t->state == trip_state::completed && !t->settled) out.unsettled.push_back(t);
  }
  return out;
}

}  // namespace sdsim::ride_hailing
