#include "actors/ride_hailing/warm_start.hpp"

#include <cmath>

#include "actors/ride_hailing/rider_workload.hpp"

namespace sdsim::ride_hailing {
namespace {

// A ride as drawn, before it is caught at some moment.
struct drawn {
  geo_point pickup, destination, driver_from;
  double match_s = 0, pickup_s = 0, trip_s = 0;
  double total_s() const { return match_s + pickup_s + trip_s; }
};

drawn draw(const warm_params& p, const city_map& map, double speed_mps, core::rng& r) {
  drawn d;
  d.pickup = map.source(0, r);
  d.destination = map.destination(d.pickup, r);
  d.driver_from = map.around(d.pickup, p.pickup_max_m, r);
  d.match_s = p.match_s;
  d.pickup_s = distance_m(d.driver_from, d.pickup) / speed_mps;
  d.trip_s = distance_m(d.pickup, d.destination) / speed_mps;
  return d;
}

// The mean ride, from draws of its own (Little's law needs it before the snapshot).
double mean_ride_s(const warm_params& p, const city_map& map, double speed_mps, core::rng& r) {
  constexpr int samples = 20000;
  double sum = 0;
  for (int i = 0; i < samples; ++i) sum += draw(p, map, speed_mps, r).total_s();
  return sum / samples;
}

}  // namespace

// Length bias by rejection: a ride drawn is kept with probability length / longest, then
// caught at a uniform moment of it. Rides still matching at that moment are left out (the
// matching service has no half-made offers to start from): they are a few seconds of each
// ride's minutes.
std::vector<warm_ride> start_warm(const warm_params& p, const city_map& map,
                                  const surge_pricing& fares, double speed_mps, fleet& f) {
  core::rng r = core::rng::stream(p.seed, "ride_hailing/warm_start");
  const double mean_s = mean_ride_s(p, map, speed_mps, r);
  const auto wanted = static_cast<uint64_t>(std::llround(p.bookings_per_s * mean_s));
  const double longest_s = 4 * mean_s;  // lengths above it are kept as if this long: rare
  std::vector<warm_ride> out;
  auto next_driver = static_cast<uint32_t>(f.size());
  for (uint64_t n = 0; n < wanted && next_driver > 0;) {
    const drawn d = draw(p, map, speed_mps, r);
    if (r.uniform() * longest_s > d.total_s()) continue;
    ++n;
    const double age_s = r.uniform() * d.total_s();  // how long ago it was requested
    if (age_s < d.match_s) continue;
    uint32_t driver = --next_driver;
    while (driver > 0 && f.state(driver) != driver_state::available) driver = --next_driver;
    warm_ride w;
    w.id = out.size() + 1;
    w.customer = rider_workload::customer_of_booking(out.size(), p.customers);
    w.driver = driver;
    w.pickup = d.pickup;
    w.destination = d.destination;
    w.requested_at = -core::from_s(age_s);
    w.matched_at = w.requested_at + core::from_s(d.match_s);
    const auto [cab, pay] = rider_workload::draw_options(r);
    w.cab_type = cab;
    w.payment_method = pay;
    w.fare = fares.fare(distance_m(d.pickup, d.destination), d.trip_s, 1.0);
    const double on_leg_s = age_s - d.match_s;  // time since the match
    if (on_leg_s < d.pickup_s) {
      w.state = trip_state::en_route;
      f.set_state(driver, driver_state::en_route);
      w.arrives_at = f.place_on_leg(driver, d.driver_from, d.pickup, core::from_s(on_leg_s));
    } else {
      w.state = trip_state::in_trip;
      w.picked_up_at = w.matched_at + core::from_s(d.pickup_s);
      f.set_state(driver, driver_state::on_trip);
      w.arrives_at = f.place_on_leg(driver, d.pickup, d.destination, core::from_s(on_leg_s - d.pickup_s));
    }
    out.push_back(w);
  }
  return out;
}

}  // namespace sdsim::ride_hailing
