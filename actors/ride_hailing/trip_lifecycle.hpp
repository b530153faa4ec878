// A trip's states and the only moves between them:
//
//   requested ─► matched ─► en_route ─► picked_up ─► in_trip ─► completed
//       │           │          │            │
//       └───────────┴──────────┴────────────┴──► cancelled (with a reason)
//
// The rider may cancel until the trip starts; the driver may cancel until pickup; once in
// trip it can only complete. Every other move is refused and counted, never applied.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sdsim::ride_hailing {

enum class trip_state : uint8_t { requested, matched, en_route, picked_up, in_trip, completed, cancelled };

/// Who asks for a move (it matters for cancelling).
enum class trip_actor : uint8_t { rider, driver, system };

/// The snake_case name ("en_route").
std::string_view name(trip_state s);

/// The state named `s` (as name() writes it); none for another word.
std::optional<trip_state> state_named(std::string_view s);

/// True when `from` may move to `to` at `who`'s request.
bool legal(trip_state from, trip_state to, trip_actor who);

/// True for states no move leaves.
inline bool terminal(trip_state s) { return s == trip_state::completed || s == trip_state::cancelled; }

/// True for the states in which a driver is bound to the trip (at most one per driver).
inline bool holds_driver(trip_state s) {
  return s == trip_state::matched || s == trip_state::en_route || s == trip_state::picked_up ||
         s == trip_state::in_trip;
}

}  // namespace sdsim::ride_hailing
