// The ride-hailing services of one run, wired to each other: the settings they share (with
// their defaults resolved in one place) and the steps that spawn them in an order that lets
// their cycles close. The design's registration calls these steps.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>

#include "actors/cluster/shard_group.hpp"
#include "actors/core/design.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/ride_hailing/city_map.hpp"
#include "actors/ride_hailing/fleet.hpp"
#include "actors/ride_hailing/location_actor.hpp"
#include "actors/ride_hailing/location_cost.hpp"
#include "actors/ride_hailing/matching_actor.hpp"
#include "actors/ride_hailing/pricing_actor.hpp"
#include "actors/ride_hailing/rating_actor.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/ride_hailing/surge_pricing.hpp"
#include "actors/ride_hailing/trip_actor.hpp"
#include "actors/ride_hailing/warm_start.hpp"

namespace sdsim::ride_hailing {

inline const std::string location_name = "ride_hailing/location";
inline const std::string pricing_name = "ride_hailing/pricing";
inline const std::string matching_name = "ride_hailing/matching";
inline const std::string trip_name = "ride_hailing/trip";
inline const std::string payment_name = "ride_hailing/payment";
inline const std::string rating_name = "ride_hailing/rating";

/// The settings the services share.
struct ride_settings {
  double speed_mps = 8;
  double radius_m = 2000;
  uint32_t candidates = 10;
  uint32_t region_precision = 5;
  uint64_t customers = 1'000'000;
  double trip_median_m = 3000;
  double payment_failure_rate = 0.01;
  uint32_t offer_batch = 3;
  double offer_timeout_s = 15;
  double timeout_s = 10;
  surge_config surge;
  location_cost cost;
};

/// The settings of `c`, defaults filled in.
ride_settings resolve(const RideHailingConfig& c);

/// The free drivers at t = 0 by the location shard of their region: a warm start's index.
std::vector<std::vector<std::pair<uint64_t, geo_point>>> free_by_shard(fleet& f, uint32_t shards,
                                                                      uint32_t precision,
                                                                      const geo_box& box);

// The services send to each other in a cycle (trip <-> matching <-> city <-> trip, pricing
// <-> location). So every actor is spawned first, and the handles it sends to are filled into
// its params afterwards (close_cycles): no actor reads them before its first message, and
// none flows before start_traffic(), so the writes happen before any read.
struct ride_wiring {
  ride_wiring(core::run_context& c, const ride_settings& s, const geo_box& b)
      : ctx(c), set(s), box(b), basics(core::basics_of(c)) {}

  /// Registers `a` as a metric source of `service`.
  caf::actor keep(const std::string& service, caf::actor a) {
    ctx.add_metric_source(a);
    by[service].push_back(a);
    return a;
  }
  Capacity cap(const std::string& service) const { return ctx.service(service).default_capacity; }

  core::run_context& ctx;
  const ride_settings& set;
  geo_box box;
  core::actor_basics basics;
  std::map<std::string, std::vector<caf::actor>> by;
  std::vector<std::shared_ptr<location_params>> locations;
  std::shared_ptr<trip_params> trip = std::make_shared<trip_params>();
  std::shared_ptr<pricing_params> pricing = std::make_shared<pricing_params>();
  std::shared_ptr<matching_params> matching = std::make_shared<matching_params>();
  std::shared_ptr<rating_params> rating = std::make_shared<rating_params>();
  std::unique_ptr<cluster::shard_group> trips;   ///< trip's copies (one shard)
};

caf::actor start_payment(ride_wiring& w);
/// The location shards, each indexing the free drivers of a warm start before the run begins.
std::vector<caf::actor> start_locations(ride_wiring& w, const RideHailingConfig& c, bool warm,
                                        fleet& drivers);
/// Trip's copies (R when placed on several nodes), each file seeded first with a warm start's
/// rides (`warm`, empty for a cold start); the first primary.
caf::actor start_trip(ride_wiring& w, const core::scratch_dir& dir, const caf::actor& payment,
                      const std::vector<warm_ride>& warm);
caf::actor start_pricing(ride_wiring& w, const City& city, const std::vector<caf::actor>& locations,
                         std::shared_ptr<core::map_slot> live);
caf::actor start_matching(ride_wiring& w, const std::vector<caf::actor>& locations,
                          const caf::actor& trip, const std::vector<warm_ride>& warm);
caf::actor start_rating(ride_wiring& w, const caf::actor& trip, const caf::actor& matching);
/// The handles that close the cycles, once the city's actor exists; trip's callers follow the
/// primary its copies' group names.
void close_cycles(ride_wiring& w, const caf::actor& pricing, const caf::actor& trip,
                  const caf::actor& matching, const caf::actor& city);

}  // namespace sdsim::ride_hailing
