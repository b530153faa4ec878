#include "actors/ride_hailing/placed_services.hpp"

#include <algorithm>

#include <caf/sec.hpp>

namespace sdsim::ride_hailing {
namespace {

CityBox box_of(const geo_box& b) {
  CityBox out;
  out.set_min_lat(b.min_lat);
  out.set_max_lat(b.max_lat);
  out.set_min_lon(b.min_lon);
  out.set_max_lon(b.max_lon);
  return out;
}

geo_box box_of(const CityBox& b) { return {b.min_lat(), b.max_lat(), b.min_lon(), b.max_lon()}; }

}  // namespace

core::placement_spec spec_of(const location_params& p) {
  LocationSpec s;
  s.set_index(p.index);
  *s.mutable_city() = box_of(p.city);
  s.set_kind(p.kind);
  s.set_ping_us(p.cost.ping_us);
  s.set_query_us(p.cost.query_us);
  s.set_candidate_us(p.cost.candidate_us);
  *s.mutable_capacity() = p.capacity;
  s.set_surge_precision(p.surge_precision);
  *s.mutable_basics() = core::to_proto(p.basics);
  for (const auto& [driver, at] : p.prefill) {
    s.add_prefill_driver(driver);
    s.add_prefill_lat(at.lat);
    s.add_prefill_lon(at.lon);
  }
  return {s.SerializeAsString(), {}};
}

caf::expected<caf::actor> spawn_location_from(caf::actor_system& sys, const core::sim_clock& clock,
                                              const core::placement_spec& spec) {
  LocationSpec s;
  if (!s.ParseFromString(spec.bytes) || s.prefill_lat_size() != s.prefill_driver_size() ||
      s.prefill_lon_size() != s.prefill_driver_size())
    return caf::make_error(caf::sec::invalid_argument, "malformed location shard spec");
  auto p = std::make_shared<location_params>();
  p->index = s.index();
  p->city = box_of(s.city());
  p->kind = s.kind();
  p->cost = {s.ping_us(), s.query_us(), s.candidate_us()};
  p->capacity = s.capacity();
  p->surge_precision = s.surge_precision();
  p->basics = core::from_proto(s.basics(), &clock);
  for (int i = 0; i < s.prefill_driver_size(); ++i)
    p->prefill.emplace_back(s.prefill_driver(i), geo_point{s.prefill_lat(i), s.prefill_lon(i)});
  return spawn_location(sys, std::move(p));
}

core::placement_spec spec_of(const pricing_params& p) {
  PricingSpec s;
  *s.mutable_city() = box_of(p.city);
  s.set_region_precision(p.region_precision);
  s.set_surge_precision(p.surge.precision);
  s.set_surge_window_s(p.surge.window_s);
  s.set_surge_sensitivity(p.surge.sensitivity);
  s.set_surge_max(p.surge.max_multiplier);
  s.set_base_fare(p.surge.base_fare);
  s.set_per_km(p.surge.per_km);
  s.set_per_min(p.surge.per_min);
  s.set_speed_mps(p.speed_mps);
  s.set_radius_m(p.radius_m);
  s.set_candidates(p.candidates);
  s.set_customers(p.customers);
  for (const auto& [name, at] : p.watch) {
    s.add_watch_name(name);
    s.add_watch_lat(at.lat);
    s.add_watch_lon(at.lon);
  }
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = core::to_proto(p.basics);
  return {s.SerializeAsString(), p.locations};
}

caf::expected<caf::actor> spawn_pricing_from(caf::actor_system& sys, const core::sim_clock& clock,
                                             const core::placement_spec& spec) {
  PricingSpec s;
  if (!s.ParseFromString(spec.bytes) || spec.peers.empty() ||
      s.watch_lat_size() != s.watch_name_size() || s.watch_lon_size() != s.watch_name_size())
    return caf::make_error(caf::sec::invalid_argument, "malformed pricing spec");
  auto p = std::make_shared<pricing_params>();
  p->city = box_of(s.city());
  p->region_precision = s.region_precision();
  p->locations = spec.peers;
  p->surge = {s.surge_precision(), s.surge_window_s(), s.surge_sensitivity(), s.surge_max(),
              s.base_fare(), s.per_km(), s.per_min()};
  p->speed_mps = s.speed_mps();
  p->radius_m = s.radius_m();
  p->candidates = s.candidates();
  p->customers = s.customers();
  for (int i = 0; i < s.watch_name_size(); ++i)
    p->watch.emplace_back(s.watch_name(i), geo_point{s.watch_lat(i), s.watch_lon(i)});
  p->capacity = s.capacity();
  p->basics = core::from_proto(s.basics(), &clock);
  return spawn_pricing(sys, std::move(p));
}

core::placement_spec spec_of(const trip_params& p) {
  TripSpec s;
  s.set_db_path(p.db_path);
  s.set_speed_mps(p.speed_mps);
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = core::to_proto(p.basics);
  s.set_replica(p.replica);
  s.set_replicas(p.replicas);
  s.set_rejoin(p.rejoin);
  return {s.SerializeAsString(), {p.payment}};
}

caf::expected<caf::actor> spawn_trip_from(caf::actor_system& sys, const core::sim_clock& clock,
                                          const core::placement_spec& spec) {
  TripSpec s;
  if (!s.ParseFromString(spec.bytes) || spec.peers.size() != 1 || s.db_path().empty())
    return caf::make_error(caf::sec::invalid_argument, "malformed trip spec");
  auto p = std::make_shared<trip_params>();
  p->db_path = s.db_path();
  p->payment = spec.peers[0];
  p->speed_mps = s.speed_mps();
  p->capacity = s.capacity();
  p->basics = core::from_proto(s.basics(), &clock);
  p->replica = s.replica();
  p->replicas = std::max(1u, s.replicas());
  p->rejoin = s.rejoin();
  return spawn_trip(sys, std::move(p));
}

core::placement_spec spec_of(const matching_params& p) {
  MatchingSpec s;
  s.set_region_precision(p.region_precision);
  s.set_radius_m(p.radius_m);
  s.set_candidates(p.candidates);
  s.set_offer_batch(p.offer_batch);
  s.set_offer_timeout_ns(p.offer_timeout);
  s.set_speed_mps(p.speed_mps);
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = core::to_proto(p.basics);
  for (const auto& [ride, driver] : p.seats) {
    s.add_seat_ride(ride);
    s.add_seat_driver(driver);
  }
  auto peers = p.locations;
  peers.push_back(p.trip);
  return {s.SerializeAsString(), std::move(peers)};
}

caf::expected<caf::actor> spawn_matching_from(caf::actor_system& sys, const core::sim_clock& clock,
                                              const core::placement_spec& spec) {
  MatchingSpec s;
  if (!s.ParseFromString(spec.bytes) || spec.peers.size() < 2 ||
      s.seat_driver_size() != s.seat_ride_size())
    return caf::make_error(caf::sec::invalid_argument, "malformed matching spec");
  auto p = std::make_shared<matching_params>();
  p->region_precision = s.region_precision();
  p->locations.assign(spec.peers.begin(), spec.peers.end() - 1);
  p->trip = spec.peers.back();
  p->radius_m = s.radius_m();
  p->candidates = s.candidates();
  p->offer_batch = s.offer_batch();
  p->offer_timeout = s.offer_timeout_ns();
  p->speed_mps = s.speed_mps();
  p->capacity = s.capacity();
  p->basics = core::from_proto(s.basics(), &clock);
  for (int i = 0; i < s.seat_ride_size(); ++i) p->seats.emplace_back(s.seat_ride(i), s.seat_driver(i));
  return spawn_matching(sys, std::move(p));
}

core::placement_spec spec_of(const rating_params& p) {
  RatingSpec s;
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = core::to_proto(p.basics);
  return {s.SerializeAsString(), {p.trip, p.matching}};
}

caf::expected<caf::actor> spawn_rating_from(caf::actor_system& sys, const core::sim_clock& clock,
                                            const core::placement_spec& spec) {
  RatingSpec s;
  if (!s.ParseFromString(spec.bytes) || spec.peers.size() != 2)
    return caf::make_error(caf::sec::invalid_argument, "malformed rating spec");
  auto p = std::make_shared<rating_params>();
  p->trip = spec.peers[0];
  p->matching = spec.peers[1];
  p->capacity = s.capacity();
  p->basics = core::from_proto(s.basics(), &clock);
  return spawn_rating(sys, std::move(p));
}

}  // namespace sdsim::ride_hailing
