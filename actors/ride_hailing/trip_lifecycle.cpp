#include "actors/ride_hailing/trip_lifecycle.hpp"

namespace sdsim::ride_hailing {

std::string_view name(trip_state s) {
  switch (s) {
    case trip_state::requested: return "requested";
    case trip_state::matched: return "matched";
    case trip_state::en_route: return "en_route";
    case trip_state::picked_up: return "picked_up";
    case trip_state::in_trip: return "in_trip";
    case trip_state::completed: return "completed";
    case trip_state::cancelled: return "cancelled";
  }
  return "unknown";
}

std::optional<trip_state> state_named(std::string_view s) {
  for (auto t : {trip_state::requested, trip_state::matched, trip_state::en_route,
                 trip_state::picked_up, trip_state::in_trip, trip_state::completed,
                 trip_state::cancelled})
    if (name(t) == s) return t;
  return std::nullopt;
}

bool legal(trip_state from, trip_state to, trip_actor who) {
  using s = trip_state;
  if (to == s::cancelled) {
    switch (who) {
      case trip_actor::rider: return from == s::requested || from == s::matched || from == s::en_route || from == s::picked_up;
      case trip_actor::driver: return from == s::matched || from == s::en_route;
      case trip_actor::system: return from == s::requested;  // no driver found
    }
  }
  switch (from) {
    case s::requested: return to == s::matched && who == trip_actor::system;
    case s::matched: return to == s::en_route && who == trip_actor::driver;
    case s::en_route: return to == s::picked_up && who == trip_actor::driver;
    case s::picked_up: return to == s::in_trip && who == trip_actor::driver;   // startTrip
    case s::in_trip: return to == s::completed && who == trip_actor::driver;   // endTrip
    default: return false;
  }
}

}  // namespace sdsim::ride_hailing
