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

uint64_t rider_workload::customer_of_booking(uint64_t booking, uint64_t customers) {
  // A step coprime with the number of customers walks through all of them.
  constexpr uint64_t step = 2654435761u;
  uint64_t s = step % customers;
  while (std::gcd(s, customers) != 1) ++s;
  return (booking * s) % customers;
}

std::pair<CabType, PaymentMethod> rider_workload::draw_options(core::rng& r) {
  const CabType cab = r.uniform() < 0.1 ? XL : GO;
  const double pay = r.uniform();
  return {cab, pay < 0.7 ? CARD : pay < 0.9 ? WALLET : CASH};
}

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
  q.set_customer_id(customer_of_booking(booked_++, customers_));
  set(q.mutable_source(), from);
  set(q.mutable_destination(), to);
  const auto [cab, pay] = draw_options(r);
  q.set_cab_type(cab);
  q.set_payment_method(pay);
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
