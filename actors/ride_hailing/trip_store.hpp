// The trip service's tables in SQLite, after the brief's data model: customers, drivers, cabs
// and trips, plus every state change of a trip (trip_events: the record the checker replays),
// payments and ratings. A row a service acknowledged is committed before the acknowledgement.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/core/sim_time.hpp"
#include "actors/core/trace_hop.hpp"
#include "actors/core/sqlite_store.hpp"
#include "actors/ride_hailing/geo.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/ride_hailing/trip_lifecycle.hpp"
#include "actors/ride_hailing/warm_start.hpp"

namespace sdsim::ride_hailing {

/// A trip as the trip service holds it in memory, beside its row.
struct trip_row {
  uint64_t id = 0;
  uint64_t customer = 0;
  uint64_t driver = 0;          ///< 0 until matched
  geo_point source, destination;
  uint32_t cab_type = 0;
  uint32_t payment_method = 0;
  trip_state state = trip_state::requested;
  double surge = 1;
  double fare = 0;
  uint32_t events = 0;          ///< state changes recorded so far
  bool settled = false;         ///< the payment's outcome is known
  bool paid = false;            ///< ... and it was confirmed
  bool rated = false;
  core::sim_ns requested_at = 0;  ///< the request's time (what matching measures from)
};

/// Not thread-safe: owned by the trip actor.
class trip_store {
 public:
  /// Opens or creates the tables in `path`; nullptr and `*error` when it cannot.
  static std::unique_ptr<trip_store> open(const std::string& path, std::string* error);

  /// Records the rides a run starts with (rides under way at t = 0: en_route or in_trip), with
  /// their customers, drivers, cabs and the events that brought each to its state, in one
  /// transaction; their rows in `*rows`, in the same order.
  core::status seed(const std::vector<warm_ride>& rides, std::vector<trip_row>* rows);

  /// Every trip the tables hold, by id, as the service holds it in memory: what a trip
  /// service reads when it opens its file (after a warm start's seed, or on its node's return).
  core::status load(std::vector<trip_row>* rows);

  /// Each rated driver's stars and count, by driver: what rating averages are made of.
  core::status rating_totals(RatingTotals* out);

  /// Records a new trip (and its customer, once) in state requested.
  core::status create(trip_row& t, core::sim_ns now);

  /// Moves `t` to `to` at `who`'s request, with `reason` when it is a cancellation; the caller
  /// has checked the move is legal. `t` changes only when the move is committed.
  core::status move(trip_row& t, trip_state to, trip_actor who, core::sim_ns now,
                    const std::string& reason = {});

  /// The moves along `path` (each legal from the one before; the caller has checked), in one
  /// transaction: all of them or none.
  core::status move_along(trip_row& t, const std::vector<trip_state>& path, trip_actor who,
                          core::sim_ns now, const std::string& reason = {});

  /// Records the payment's outcome for `t`.
  core::status paid(trip_row& t, bool confirmed, core::sim_ns now);

  /// Records a rating of `t`'s driver.
  core::status rate(trip_row& t, uint32_t rating, const std::string& feedback, core::sim_ns now);

  /// Everything the tables hold about trip `id`, as hops in time order: the request with its
  /// quote, each state change (who made it, the driver, a cancellation's reason), the payment
  /// and the rating. Empty when there is no such trip.
  std::vector<core::trace_hop> trace(uint64_t id);

  core::sqlite_store& db() { return *db_; }

 private:
  explicit trip_store(std::unique_ptr<core::sqlite_store> db) : db_(std::move(db)) {}
  core::status seed_events(trip_row& t, const warm_ride& w);
  std::unique_ptr<core::sqlite_store> db_;
};

/// The name of who made a move ("rider", "driver", "system").
std::string_view name(trip_actor who);

}  // namespace sdsim::ride_hailing
