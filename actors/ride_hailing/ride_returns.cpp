#include "actors/ride_hailing/ride_returns.hpp"

#include <caf/send.hpp>

#include "actors/core/messages.hpp"
#include "actors/ride_hailing/placed_services.hpp"

namespace sdsim::ride_hailing {

using namespace sdsim::core;

ride_returns::ride_returns(run_context& ctx, ride_wiring& w, caf::actor city, caf::actor client)
    : ctx_(ctx), by_(std::move(w.by)), locations_(std::move(w.locations)), pricing_(w.pricing),
      matching_(w.matching), rating_(w.rating), trips_(std::move(w.trips)),
      city_(std::move(city)), client_(std::move(client)) {}

void ride_returns::notify_through(std::vector<caf::actor> gateways) {
  gateways_ = std::move(gateways);
  for (const auto& t : by_.at(trip_name)) caf::anon_send(t, notify_to_atom::value, gateways_);
}

// Trip's copies rejoin their group (a lone one leads again once it reopened its file; it
// then seats its rides and asks again what went unanswered); the others are spawned again.
std::string ride_returns::rejoin(const std::string& node) {
  auto here = [&](const std::string& service, uint32_t i) {
    return ctx_.node_of && ctx_.node_of(service, i, 0) == node;
  };
  const auto why = trips_->rejoin([&](uint32_t, uint32_t copy) {
    return ctx_.node_of && ctx_.node_of(trip_name, 0, copy) == node;
  });
  by_[trip_name] = trips_->sources();
  if (!why.empty()) return why;
  for (const auto& t : by_[trip_name]) {
    caf::anon_send(t, peers_atom::value, one(matching_name), city_);
    if (!gateways_.empty()) caf::anon_send(t, notify_to_atom::value, gateways_);
  }
  for (uint32_t i = 0; i < by_[location_name].size(); ++i)
    if (here(location_name, i)) restart_location(i);
  if (here(pricing_name, 0)) restart_pricing();
  if (here(matching_name, 0)) restart_matching();
  if (here(rating_name, 0)) restart_rating();
  return "";
}

std::string ride_returns::set_node_link(const std::string& a, const std::string& b,
                                        const core::link_state& l) {
  return trips_->set_link(a, b, l);
}

caf::actor& ride_returns::renew(const std::string& service, uint32_t i, const caf::actor& fresh) {
  auto& slot = by_.at(service)[i];
  slot = fresh;
  ctx_.add_metric_source(slot);
  return slot;
}

void ride_returns::tell_moved(ride_peer peer, const caf::actor& a) {
  const auto p = static_cast<uint8_t>(peer);
  // Matching's callers: trip's copies, rating and the phones; rating's: the phones.
  if (peer == ride_peer::matching) {
    for (const auto& t : by_.at(trip_name)) caf::anon_send(t, moved_atom::value, p, a);
    caf::anon_send(one(rating_name), moved_atom::value, p, a);
  }
  caf::anon_send(city_, moved_atom::value, p, a);
}

// A location shard starts empty: the drivers' next pings fill it.
void ride_returns::restart_location(uint32_t i) {
  const auto& p = locations_[i];
  const auto& shard = renew(location_name, i,
                            place_or_spawn(ctx_, location_name, i, [&] { return spec_of(*p); },
                                           [&] { return spawn_location(ctx_.system, p); }));
  const auto& pricing = one(pricing_name);
  caf::anon_send(shard, peers_atom::value, pricing, first_trip());
  trips_->add_routers({shard});
  caf::anon_send(shard, start_atom::value);
  for (const auto& a : {pricing, one(matching_name), city_})
    caf::anon_send(a, location_atom::value, i, shard);
}

// Pricing starts with empty surge windows; the riders and the location shards are told.
void ride_returns::restart_pricing() {
  auto p = std::make_shared<pricing_params>(*pricing_);
  p->locations = by_.at(location_name);
  p->live = nullptr;  // placed: the viewer's map lives in the driver
  const auto& pricing = renew(pricing_name, 0,
                              place_or_spawn(ctx_, pricing_name, 0, [&] { return spec_of(*p); },
                                             [&] { return spawn_pricing(ctx_.system, p); }));
  const auto trip = first_trip();
  caf::anon_send(pricing, peers_atom::value, trip, city_);
  trips_->add_routers({pricing});
  caf::anon_send(pricing, start_atom::value);
  caf::anon_send(client_, target_atom::value, uint32_t{0}, pricing);
  for (const auto& l : by_.at(location_name)) caf::anon_send(l, peers_atom::value, pricing, trip);
}

// Matching starts with an empty book; trip, told of it, seats the rides that hold a driver.
void ride_returns::restart_matching() {
  auto p = std::make_shared<matching_params>(*matching_);
  p->locations = by_.at(location_name);
  p->trip = first_trip();
  p->seats.clear();  // a warm start's; trip knows which rides hold a driver now
  const auto& matching = renew(matching_name, 0,
                               place_or_spawn(ctx_, matching_name, 0, [&] { return spec_of(*p); },
                                              [&] { return spawn_matching(ctx_.system, p); }));
  caf::anon_send(matching, peers_atom::value, city_);
  trips_->add_routers({matching});
  tell_moved(ride_peer::matching, matching);
}

// Rating rebuilds its averages from the trip store.
void ride_returns::restart_rating() {
  auto p = std::make_shared<rating_params>(*rating_);
  p->trip = first_trip();
  p->matching = one(matching_name);
  const auto& rating = renew(rating_name, 0,
                             place_or_spawn(ctx_, rating_name, 0, [&] { return spec_of(*p); },
                                            [&] { return spawn_rating(ctx_.system, p); }));
  tell_moved(ride_peer::rating, rating);
  trips_->add_routers({rating});
  caf::anon_send(rating, recover_atom::value);
  caf::anon_send(rating, start_atom::value);
}

}  // namespace sdsim::ride_hailing
