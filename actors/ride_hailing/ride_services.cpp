#include "actors/ride_hailing/ride_services.hpp"

#include <algorithm>
#include <stdexcept>

#include <caf/send.hpp>

#include "actors/ride_hailing/payment_actor.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/placed_services.hpp"
#include "actors/ride_hailing/rating_actor.hpp"
#include "actors/ride_hailing/region_map.hpp"
#include "actors/ride_hailing/trip_store.hpp"

namespace sdsim::ride_hailing {

using namespace sdsim::core;

std::vector<std::vector<std::pair<uint64_t, geo_point>>> free_by_shard(fleet& f, uint32_t shards,
                                                                      uint32_t precision,
                                                                      const geo_box& box) {
  const region_map regions(shards, static_cast<int>(precision), box);
  std::vector<std::vector<std::pair<uint64_t, geo_point>>> out(shards);
  for (uint32_t d = 0; d < f.size(); ++d) {
    if (f.state(d) != driver_state::available) continue;
    const geo_point p = f.position(d, 0);
    out[regions.shard_of(p)].emplace_back(uint64_t{d} + 1, p);
  }
  return out;
}


ride_settings resolve(const RideHailingConfig& c) {
  ride_settings r;
  r.speed_mps = or_default(c.has_speed_mps(), c.speed_mps(), r.speed_mps);
  r.radius_m = or_default(c.has_search_radius_m(), c.search_radius_m(), r.radius_m);
  r.candidates = or_default(c.has_candidates(), c.candidates(), r.candidates);
  r.region_precision = or_default(c.has_region_precision(), c.region_precision(), r.region_precision);
  r.customers = or_default<uint64_t>(c.has_customers(), c.customers(), r.customers);
  r.trip_median_m = or_default(c.has_trip_median_m(), c.trip_median_m(), r.trip_median_m);
  r.payment_failure_rate =
      or_default(c.has_payment_failure_rate(), c.payment_failure_rate(), r.payment_failure_rate);
  r.offer_batch = or_default(c.has_offer_batch(), c.offer_batch(), r.offer_batch);
  r.offer_timeout_s = or_default(c.has_offer_timeout_s(), c.offer_timeout_s(), r.offer_timeout_s);
  r.timeout_s = or_default(c.has_timeout_s(), c.timeout_s(), r.timeout_s);
  r.surge.max_multiplier = or_default(c.has_surge_max(), c.surge_max(), r.surge.max_multiplier);
  r.surge.window_s = or_default(c.has_surge_window_s(), c.surge_window_s(), r.surge.window_s);
  r.cost = location_cost::of(c.index());
  if (c.has_ping_cost_us()) r.cost.ping_us = c.ping_cost_us();
  if (c.has_query_cost_us()) r.cost.query_us = c.query_cost_us();
  if (c.has_candidate_cost_us()) r.cost.candidate_us = c.candidate_cost_us();
  return r;
}


caf::actor start_payment(ride_wiring& w) {
  auto pay = std::make_shared<payment_params>();
  pay->failure_rate = w.set.payment_failure_rate;
  pay->capacity = w.cap(payment_name);
  pay->basics = w.basics;
  return w.keep(payment_name, spawn_payment(w.ctx.system, pay));
}

// The location shards, each indexing the free drivers of a warm start before the run begins.
std::vector<caf::actor> start_locations(ride_wiring& w, const RideHailingConfig& c,
                                        bool warm, fleet& drivers) {
  const auto spec = w.ctx.service(location_name);
  if (spec.default_shards > 255) throw std::runtime_error("ride_hailing/location: at most 255 shards");
  auto prefill = warm ? free_by_shard(drivers, spec.default_shards, w.set.region_precision, w.box)
                      : std::vector<std::vector<std::pair<uint64_t, geo_point>>>(spec.default_shards);
  std::vector<caf::actor> out;
  for (uint32_t i = 0; i < spec.default_shards; ++i) {
    auto lp = std::make_shared<location_params>();
    lp->index = i;
    lp->city = w.box;
    lp->kind = c.index();
    lp->cost = w.set.cost;
    lp->capacity = spec.default_capacity;
    lp->surge_precision = w.set.surge.precision;
    lp->basics = w.basics;
    lp->prefill = std::move(prefill[i]);
    out.push_back(w.keep(location_name,
                         place_or_spawn(w.ctx, location_name, i, [&] { return spec_of(*lp); },
                                        [&] { return spawn_location(w.ctx.system, lp); })));
    lp->prefill = {};  // indexed by now
    w.locations.push_back(std::move(lp));
  }
  return out;
}

namespace {

// The rides a warm run starts with, recorded in the trip file as the trips they are by now,
// before the trip service (here or on its node) first opens it.
void seed_trips(const std::string& db_path, const std::vector<warm_ride>& rides) {
  std::string error;
  auto store = trip_store::open(db_path, &error);
  if (!store) throw std::runtime_error("ride_hailing/trip: " + error);
  std::vector<trip_row> rows;
  if (auto st = store->seed(rides, &rows); !st.ok())
    throw std::runtime_error("ride_hailing/trip: cannot record the rides under way: " + st.message());
}

}  // namespace

caf::actor start_trip(ride_wiring& w, const scratch_dir& dir, const caf::actor& payment,
                      const std::vector<warm_ride>& warm) {
  auto& tp = *w.trip;
  tp.db_path = dir.file("trips.sqlite");
  tp.payment = payment;
  tp.speed_mps = w.set.speed_mps;
  tp.capacity = w.cap(trip_name);
  tp.basics = w.basics;
  tp.replicas = w.ctx.replicas ? std::max(1u, w.ctx.replicas(trip_name)) : 1;
  std::vector<std::shared_ptr<const trip_params>> copies;
  for (uint32_t r = 0; r < tp.replicas; ++r) {
    auto c = std::make_shared<trip_params>(tp);
    c->replica = r;
    if (r > 0) c->db_path = dir.file("trips-copy-" + std::to_string(r) + ".sqlite");
    if (!warm.empty()) seed_trips(c->db_path, warm);
    copies.push_back(std::move(c));
  }
  // A copy that comes back (a restart, its node's return) reopens its file and catches up.
  w.trips = cluster::start_group(
      w.ctx, trip_name, std::vector<std::vector<std::shared_ptr<const trip_params>>>{copies},
      [](const trip_params& p, uint32_t) { return spec_of(p); },
      [](caf::actor_system& sys, std::shared_ptr<const trip_params> p, uint32_t) {
        return spawn_trip(sys, std::move(p));
      });
  w.by[trip_name] = w.trips->sources();
  return w.trips->first_primaries().front();
}

caf::actor start_pricing(ride_wiring& w, const City& city, const std::vector<caf::actor>& locations,
                         std::shared_ptr<map_slot> live) {
  auto& pp = *w.pricing;
  pp.city = w.box;
  pp.region_precision = w.set.region_precision;
  pp.locations = locations;
  pp.surge = w.set.surge;
  pp.speed_mps = w.set.speed_mps;
  pp.radius_m = w.set.radius_m;
  pp.candidates = w.set.candidates;
  pp.customers = w.set.customers;
  for (const auto& h : city.hot_spots())
    pp.watch.emplace_back(h.name(), geo_point{h.center().lat(), h.center().lon()});
  pp.capacity = w.cap(pricing_name);
  pp.basics = w.basics;
  pp.live = std::move(live);
  return w.keep(pricing_name, place_or_spawn(w.ctx, pricing_name, 0,
                                             [&] { return spec_of(pp); },
                                             [&] { return spawn_pricing(w.ctx.system, w.pricing); }));
}

caf::actor start_matching(ride_wiring& w, const std::vector<caf::actor>& locations,
                          const caf::actor& trip, const std::vector<warm_ride>& warm) {
  auto& mp = *w.matching;
  mp.region_precision = w.set.region_precision;
  mp.locations = locations;
  mp.trip = trip;
  mp.radius_m = w.set.radius_m;
  mp.candidates = w.set.candidates;
  mp.offer_batch = w.set.offer_batch;
  mp.offer_timeout = from_s(w.set.offer_timeout_s);
  mp.speed_mps = w.set.speed_mps;
  mp.capacity = w.cap(matching_name);
  mp.basics = w.basics;
  for (const auto& r : warm) mp.seats.emplace_back(r.id, uint64_t{r.driver} + 1);
  return w.keep(matching_name,
                place_or_spawn(w.ctx, matching_name, 0, [&] { return spec_of(mp); },
                               [&] { return spawn_matching(w.ctx.system, w.matching); }));
}

caf::actor start_rating(ride_wiring& w, const caf::actor& trip, const caf::actor& matching) {
  auto& rp = *w.rating;
  rp.trip = trip;
  rp.matching = matching;
  rp.capacity = w.cap(rating_name);
  rp.basics = w.basics;
  return w.keep(rating_name, place_or_spawn(w.ctx, rating_name, 0, [&] { return spec_of(rp); },
                                            [&] { return spawn_rating(w.ctx.system, w.rating); }));
}

// The handles that close the cycles.
void close_cycles(ride_wiring& w, const caf::actor& pricing, const caf::actor& trip,
                  const caf::actor& matching, const caf::actor& city) {
  for (const auto& l : w.by[location_name]) caf::anon_send(l, peers_atom::value, pricing, trip);
  for (const auto& t : w.by[trip_name]) caf::anon_send(t, peers_atom::value, matching, city);
  caf::anon_send(matching, peers_atom::value, city);
  caf::anon_send(pricing, peers_atom::value, trip, city);
  auto routers = w.by[location_name];
  routers.insert(routers.end(), {pricing, matching, w.by[rating_name].front(), city});
  w.trips->add_routers(routers);
}

}  // namespace sdsim::ride_hailing
