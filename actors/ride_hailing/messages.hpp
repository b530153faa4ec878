// Atoms between the ride-hailing services (location, pricing, matching, trip, payment, rating)
// and the city (the riders' and drivers' phones). Bulk payloads are protobuf bytes from
// ride_hailing.proto.
#pragma once

#include <caf/atom.hpp>

#include "actors/ride_hailing/ride_hailing.pb.h"

namespace sdsim::ride_hailing {

using pings_atom = caf::atom_constant<caf::atom("rpings")>;        // city -> location
using near_atom = caf::atom_constant<caf::atom("rnear")>;          // pricing/matching -> location
using hits_atom = caf::atom_constant<caf::atom("rhits")>;          // location -> asker
using supply_atom = caf::atom_constant<caf::atom("rsupply")>;      // location -> pricing
using positions_atom = caf::atom_constant<caf::atom("rpos")>;      // location -> trip
using quote_atom = caf::atom_constant<caf::atom("rquote")>;        // pricing -> trip
using match_atom = caf::atom_constant<caf::atom("rmatch")>;        // trip -> matching
using offer_atom = caf::atom_constant<caf::atom("roffer")>;        // matching -> city
using matched_atom = caf::atom_constant<caf::atom("rmatched")>;    // matching -> trip
using unmatched_atom = caf::atom_constant<caf::atom("runmatch")>;  // matching -> trip
using release_atom = caf::atom_constant<caf::atom("rrelease")>;    // trip -> matching
using event_atom = caf::atom_constant<caf::atom("revent")>;        // trip -> city
using heading_atom = caf::atom_constant<caf::atom("rheading")>;    // city -> trip
using charge_atom = caf::atom_constant<caf::atom("rcharge")>;      // trip -> payment
using settled_atom = caf::atom_constant<caf::atom("rsettled")>;    // payment -> trip
using may_rate_atom = caf::atom_constant<caf::atom("rmayrate")>;   // rating -> trip
using rated_atom = caf::atom_constant<caf::atom("rrated")>;        // trip -> rating
using ratings_atom = caf::atom_constant<caf::atom("rratings")>;    // rating -> matching
using demand_atom = caf::atom_constant<caf::atom("rdemand")>;      // pricing: a ride requested
using tick_atom = caf::atom_constant<caf::atom("rtick")>;          // an actor's own timer
using step_atom = caf::atom_constant<caf::atom("rstep")>;          // an actor's next slice of work

/// Short names of the APIs (RideHailingApi in ride_hailing.proto orders them).
constexpr uint32_t nearby_cabs_api = RIDE_HAILING_API_NEARBY_CABS;
constexpr uint32_t request_ride_api = RIDE_HAILING_API_REQUEST_RIDE;
constexpr uint32_t cancel_ride_api = RIDE_HAILING_API_CANCEL_RIDE;
constexpr uint32_t accept_ride_api = RIDE_HAILING_API_ACCEPT_RIDE;
constexpr uint32_t deny_ride_api = RIDE_HAILING_API_DENY_RIDE;
constexpr uint32_t start_trip_api = RIDE_HAILING_API_START_TRIP;
constexpr uint32_t end_trip_api = RIDE_HAILING_API_END_TRIP;
constexpr uint32_t track_trip_api = RIDE_HAILING_API_TRACK_TRIP;
constexpr uint32_t rate_trip_api = RIDE_HAILING_API_RATE_TRIP;

}  // namespace sdsim::ride_hailing

namespace sdsim::ride_hailing {

using paid_atom = caf::atom_constant<caf::atom("rpaid")>;          // trip -> city
using surge_map_atom = caf::atom_constant<caf::atom("rsurgemap")>; // pricing -> city
using notify_to_atom = caf::atom_constant<caf::atom("rnotifyto")>; // design -> trip
/// A location shard spawned again on its node (shard, actor): design -> its askers and feeders.
using location_atom = caf::atom_constant<caf::atom("rlocation")>;
/// A location shard's peers (pricing, trip): the design -> the shard, before traffic starts.
using peers_atom = caf::atom_constant<caf::atom("rpeers")>;

/// The services a returned node hosts again, as `moved_atom` names them (trip's copies are a
/// shard group's: its callers follow the primary it names, cluster::primary_atom).
enum class ride_peer : uint8_t { matching, rating };
/// A service spawned again on its returned node (ride_peer, actor): the design -> every
/// service and phone that sends to it. Trip, told of a new matching, seats its rides there.
using moved_atom = caf::atom_constant<caf::atom("rmoved")>;
/// A ride the trip service holds as matched (ride, driver): trip -> a matching that lacks it.
using seat_atom = caf::atom_constant<caf::atom("rseat")>;
/// Rebuild from the system of record: the design -> a rating spawned again.
using recover_atom = caf::atom_constant<caf::atom("rrecover")>;
/// Every driver's rating sum and count (RatingTotals): rating asks trip, trip answers.
using totals_atom = caf::atom_constant<caf::atom("rtotals")>;

}  // namespace sdsim::ride_hailing
