#include "actors/ride_hailing/fleet.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sdsim::ride_hailing {

fleet::fleet(std::size_t drivers, fleet_config c)
    : c_(c), rng_(core::rng::stream(c.seed, "ride_hailing/fleet")) {
  pos_.reserve(drivers);
  target_.reserve(drivers);
  phase_.reserve(drivers);
  for (std::size_t d = 0; d < drivers; ++d) {
    pos_.push_back(random_spot());
    target_.push_back(random_spot());
    phase_.push_back(static_cast<core::sim_ns>(rng_.below(static_cast<uint64_t>(c_.ping_interval))));
  }
  state_.assign(drivers, driver_state::available);
  by_phase_.resize(drivers);
  std::iota(by_phase_.begin(), by_phase_.end(), 0u);
  std::sort(by_phase_.begin(), by_phase_.end(),
            [&](uint32_t a, uint32_t b) { return phase_[a] != phase_[b] ? phase_[a] < phase_[b] : a < b; });
}

geo_point fleet::random_spot() {
  const auto& b = c_.city;
  return {b.min_lat + rng_.uniform() * (b.max_lat - b.min_lat),
          b.min_lon + rng_.uniform() * (b.max_lon - b.min_lon)};
}

std::vector<uint32_t>::const_iterator fleet::lower(core::sim_ns phase) const {
  return std::lower_bound(by_phase_.begin(), by_phase_.end(), phase,
                          [&](uint32_t d, core::sim_ns p) { return phase_[d] < p; });
}

void fleet::send_to(uint32_t d, geo_point t) {
  const auto& b = c_.city;
  target_[d] = {std::clamp(t.lat, b.min_lat, b.max_lat), std::clamp(t.lon, b.min_lon, b.max_lon)};
}

bool fleet::arrived(uint32_t d) const {
  return pos_[d].lat == target_[d].lat && pos_[d].lon == target_[d].lon;
}

void fleet::advance(core::sim_ns dt) {
  const double step_m = c_.speed_mps * core::to_s(static_cast<double>(dt));
  for (std::size_t d = 0; d < pos_.size(); ++d) {
    if (state_[d] == driver_state::offline) continue;
    auto& p = pos_[d];
    const auto& t = target_[d];
    // Flat-earth step: at city scale the error is far below a street's width.
    const double m_lon = meters_per_degree_lat * std::cos(p.lat * pi / 180);
    const double dy = (t.lat - p.lat) * meters_per_degree_lat, dx = (t.lon - p.lon) * m_lon;
    const double left = std::hypot(dx, dy);
    if (left <= step_m) {
      p = t;
      if (state_[d] == driver_state::available) target_[d] = random_spot();
    } else {
      p.lat += dy / left * step_m / meters_per_degree_lat;
      p.lon += dx / left * step_m / m_lon;
    }
  }
}

}  // namespace sdsim::ride_hailing
