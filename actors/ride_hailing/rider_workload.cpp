#include "actors/ride_hailing/rider_workload.hpp"

#include <numeric>

#include "actors/ride_hailing/messages.hpp"

namespace sdsim::ride_hailing {

namespace {

void set(LatLon* out, geo_point p) {
  out->set_lat(p.lat);
  out->set_lon(p.lon);
}

}  // namespace

uint32_t rider_workload::prepare(core::request_envelope& env, core::rng& r) {
  const geo_point from = city_->source(env.scheduled, r);
  const geo_point to = city_->destination(from, r);
  if (env.api == nearby_cabs_api) {
    NearbyCabsRequest q;
    set(q.mutable_point(), from);
    set(q.mutable_destination(), to);
    env.payload = q.SerializeAsString();
    return 0;
  }
  RequestRideRequest q;
  // A full cycle through the customers: a step coprime with their number.
  constexpr uint64_t step = 2654435761u;
  uint64_t s = step % customers_;
  while (std::gcd(s, customers_) != 1) ++s;
  q.set_customer_id((booked_++ * s) % customers_);
  set(q.mutable_source(), from);
  set(q.mutable_destination(), to);
  q.set_cab_type(r.uniform() < 0.1 ? XL : GO);
  const double pay = r.uniform();
  q.set_payment_method(pay < 0.7 ? CARD : pay < 0.9 ? WALLET : CASH);
  env.payload = q.SerializeAsString();
  return 0;
}

void rider_workload::on_outcome(uint64_t, uint32_t api, core::outcome o, const std::string& reply) {
  if (api != request_ride_api || o != core::outcome::ok) return;
  Ride ride;
  if (ride.ParseFromString(reply)) acked_.push_back(ride.ride_id());
}

std::string rider_workload::extra() const {
  RideHailingExtra x;
  for (uint64_t id : acked_) x.mutable_client()->add_acked_rides(id);
  return x.SerializeAsString();
}

}  // namespace sdsim::ride_hailing
