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
  velocity_.resize(drivers);
  left_s_.resize(drivers);
  parked_s_.resize(drivers);
  for (std::size_t d = 0; d < drivers; ++d) {
    pos_.push_back(random_spot());
    target_.push_back(pos_.back());
    aim(static_cast<uint32_t>(d), random_spot());
    phase_.push_back(static_cast<core::sim_ns>(rng_.below(static_cast<uint64_t>(c_.ping_interval))));
  }
  state_.assign(drivers, driver_state::available);
  by_phase_.resize(drivers);
  std::iota(by_phase_.begin(), by_phase_.end(), 0u);
  std::sort(by_phase_.begin(), by_phase_.end(),
            [&](uint32_t a, uint32_t b) { return phase_[a] != phase_[b] ? phase_[a] < phase_[b] : a < b; });
}

geo_point fleet::random_spot() {
  if (c_.cruise) return c_.cruise(rng_);
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
  aim(d, {std::clamp(t.lat, b.min_lat, b.max_lat), std::clamp(t.lon, b.min_lon, b.max_lon)});
}

void fleet::aim(uint32_t d, geo_point t) {
  target_[d] = t;
  // Flat-earth at city scale (the error is far below a street's width): a constant velocity
  // in degrees per second, and the time left, so a step is two multiply-adds.
  const geo_point p = pos_[d];
  const double m_lon = meters_per_degree_lat * std::cos(p.lat * pi / 180);
  const double dist = std::hypot((t.lat - p.lat) * meters_per_degree_lat, (t.lon - p.lon) * m_lon);
  const double time = dist / c_.speed_mps;
  left_s_[d] = time;
  velocity_[d] = time > 0 ? geo_point{(t.lat - p.lat) / time, (t.lon - p.lon) / time} : geo_point{};
}

bool fleet::arrived(uint32_t d) const { return left_s_[d] <= 0; }

void fleet::advance(core::sim_ns dt, uint32_t first, uint32_t last) {
  const double step_s = core::to_s(static_cast<double>(dt));
  last = std::min<uint32_t>(last, static_cast<uint32_t>(pos_.size()));
  for (uint32_t d = first; d < last; ++d) {
    if (state_[d] == driver_state::offline) continue;
    if (left_s_[d] <= 0) {  // parked: at a job's end, or waiting where he cruised to
      if (state_[d] == driver_state::available && (parked_s_[d] -= step_s) <= 0)
        aim(d, random_spot());
      continue;
    }
    if (left_s_[d] <= step_s) {
      pos_[d] = target_[d];
      left_s_[d] = 0;
      parked_s_[d] = state_[d] == driver_state::available ? static_cast<float>(c_.dwell_s) : 0;
    } else {
      pos_[d].lat += velocity_[d].lat * step_s;
      pos_[d].lon += velocity_[d].lon * step_s;
      left_s_[d] -= step_s;
    }
  }
}

}  // namespace sdsim::ride_hailing
