#include "actors/ride_hailing/surge_pricing.hpp"

#include <algorithm>

#include "actors/ride_hailing/geohash.hpp"

namespace sdsim::ride_hailing {

surge_pricing::cell& surge_pricing::cell_of(geo_point p) {
  return cells_[geohash_bits(p, c_.precision)];
}

void surge_pricing::expire(cell& c, core::sim_ns now) const {
  const core::sim_ns start = now - core::from_s(c_.window_s);
  while (!c.requests.empty() && c.requests.front() <= start) c.requests.pop_front();
}

void surge_pricing::request(geo_point p, core::sim_ns now) {
  auto& c = cell_of(p);
  expire(c, now);
  c.requests.push_back(now);
}

void surge_pricing::supply(geo_point p, uint32_t available) {
  supply_cell(geohash_bits(p, c_.precision), available);
}

double surge_pricing::multiplier_of(cell& c, core::sim_ns now) const {
  expire(c, now);
  if (!c.counted) return 1;
  const double per_driver = static_cast<double>(c.requests.size()) / std::max(1u, c.available);
  return std::clamp(1 + c_.sensitivity * (per_driver - 1), 1.0, c_.max_multiplier);
}

double surge_pricing::multiplier(geo_point p, core::sim_ns now) {
  return multiplier_of(cell_of(p), now);
}

uint32_t surge_pricing::cells_above_one(core::sim_ns now) {
  uint32_t n = 0;
  for (auto& [bits, c] : cells_) n += multiplier_of(c, now) > 1 ? 1 : 0;
  return n;
}

std::vector<std::pair<uint64_t, double>> surge_pricing::hot_cells(core::sim_ns now) {
  std::vector<std::pair<uint64_t, double>> out;
  for (auto& [bits, c] : cells_)
    if (const double m = multiplier_of(c, now); m > 1) out.emplace_back(bits, m);
  return out;
}

double surge_pricing::fare(double distance_m, double duration_s, double multiplier) const {
  return (c_.base_fare + c_.per_km * distance_m / 1000 + c_.per_min * duration_s / 60) * multiplier;
}

}  // namespace sdsim::ride_hailing
