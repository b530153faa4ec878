#include "actors/ride_hailing/fleet.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::ride_hailing {

// Drivers are numbered in the order of their ping phases: a tick's pings are then a run of
// consecutive drivers, whose legs lie next to each other in memory (which driver has which
// phase is arbitrary; the phases themselves are drawn at random).
fleet::fleet(std::size_t drivers, fleet_config c)
    : c_(c), rng_(core::rng::stream(c.seed, "ride_hailing/fleet")) {
  legs_.resize(drivers);
  phase_.reserve(drivers);
  for (uint32_t d = 0; d < drivers; ++d) {
    legs_[d].to = random_spot();
    set_off(d, random_spot(), 0);
    phase_.push_back(static_cast<core::sim_ns>(rng_.below(static_cast<uint64_t>(c_.ping_interval))));
  }
  std::sort(phase_.begin(), phase_.end());
}

geo_point fleet::random_spot() {
  if (c_.cruise) return c_.cruise(rng_);
  const auto& b = c_.city;
  return {b.min_lat + rng_.uniform() * (b.max_lat - b.min_lat),
          b.min_lon + rng_.uniform() * (b.max_lon - b.min_lon)};
}

uint32_t fleet::lower(core::sim_ns phase) const {
  return static_cast<uint32_t>(std::lower_bound(phase_.begin(), phase_.end(), phase) - phase_.begin());
}

// A new leg from where the last one ended, starting `at`. Flat-earth at city scale (the error
// is far below a street's width).
void fleet::set_off(uint32_t d, geo_point t, core::sim_ns at) {
  leg& l = legs_[d];
  const geo_point p = l.to;
  const double m_lon = meters_per_degree_lat * std::cos(p.lat * pi / 180);
  const double dist = std::hypot((t.lat - p.lat) * meters_per_degree_lat, (t.lon - p.lon) * m_lon);
  l.from = p;
  l.to = t;
  l.start = at;
  // At least a nanosecond a leg, so a free driver's legs always move time on.
  l.arrive = at + std::max<core::sim_ns>(1, core::from_s(dist / c_.speed_mps));
  l.leave = l.arrive + core::from_s(c_.dwell_s);
}

geo_point fleet::position(uint32_t d, core::sim_ns now) {
  const leg& l = legs_[d];
  if (l.state == driver_state::offline) return l.from;  // offline from the start: parked
  while (l.state == driver_state::available && now >= l.leave) set_off(d, random_spot(), l.leave);
  if (now >= l.arrive) return l.to;
  const double f = static_cast<double>(now - l.start) / static_cast<double>(l.arrive - l.start);
  return {l.from.lat + (l.to.lat - l.from.lat) * f, l.from.lon + (l.to.lon - l.from.lon) * f};
}

geo_point fleet::clamp(geo_point p) const {
  const auto& b = c_.city;
  return {std::clamp(p.lat, b.min_lat, b.max_lat), std::clamp(p.lon, b.min_lon, b.max_lon)};
}

core::sim_ns fleet::send_to(uint32_t d, geo_point t, core::sim_ns now) {
  legs_[d].to = position(d, now);
  set_off(d, clamp(t), now);
  return legs_[d].arrive;
}

core::sim_ns fleet::place_on_leg(uint32_t d, geo_point from, geo_point to, core::sim_ns elapsed) {
  legs_[d].to = clamp(from);
  set_off(d, clamp(to), -elapsed);
  return legs_[d].arrive;
}

void fleet::release(uint32_t d, core::sim_ns now) {
  legs_[d].to = position(d, now);
  legs_[d].state = driver_state::available;
  set_off(d, random_spot(), now);
}

}  // namespace sdsim::ride_hailing
