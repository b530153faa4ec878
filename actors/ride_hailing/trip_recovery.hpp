// What a trip service spawned again on its node's return asks again of its peers, from the
// trips it read back from its file: matching lost with a node knows no seats, and answers
// sent to a trip service lost with a node (a match, a charge's outcome) were never heard.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "actors/ride_hailing/trip_store.hpp"

namespace sdsim::ride_hailing {

struct asks_again {
  std::vector<std::pair<uint64_t, uint64_t>> seats;  ///< (ride, driver) of rides holding one
  std::vector<const trip_row*> waiting;              ///< requested: to match (again)
  std::vector<const trip_row*> unsettled;            ///< completed, no payment outcome: charge again
};

/// The asks for `trips`, each list in trip id order (so a replay sends them alike).
asks_again what_to_ask_again(const absl::flat_hash_map<uint64_t, trip_row>& trips);

}  // namespace sdsim::ride_hailing
