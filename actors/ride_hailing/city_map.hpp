// Where riders appear: a city's box and hot spots (data/cities/*.textproto). A ride starts at a
// hot spot with probability proportional to its weight — times any demand boost running then —
// or anywhere in the box; it goes a lognormal distance in a random direction.
#pragma once

#include <string>
#include <vector>

#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/ride_hailing/geo.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"

namespace sdsim::ride_hailing {

/// Immutable after construction; const methods are thread-safe (the rng is the caller's).
class city_map {
 public:
  city_map(const City& c, std::vector<DemandBoost> boosts, double trip_median_m);

  geo_box box() const { return box_; }

  /// A ride's start at sim time `now`.
  geo_point source(core::sim_ns now, core::rng& r) const;

  /// Where a free driver heads next: a hot spot by its usual weight times `pull[i]` (1 where
  /// `pull` is shorter), or anywhere in the box.
  geo_point cruise(const std::vector<double>& pull, core::rng& r) const;

  /// Its destination, inside the box.
  geo_point destination(geo_point from, core::rng& r) const;

  /// The index of hot spot `name`, or -1.
  int hot_spot(const std::string& name) const;

  /// A point uniformly within `radius_m` of `c`, inside the box.
  geo_point around(geo_point c, double radius_m, core::rng& r) const;

 private:
  double weight(std::size_t spot, core::sim_ns now) const;
  // A spot by `weight(i)`, or the background; the point drawn there.
  template <class Weight>
  geo_point draw(Weight&& weight, core::rng& r) const;
  geo_point clamp(geo_point p) const;

  geo_box box_;
  std::vector<HotSpot> spots_;
  std::vector<DemandBoost> boosts_;
  double background_;
  double trip_median_m_;
};

/// Loads data/cities/<name>.textproto from `data_dir`; false with `*error` ("file:line:col:
/// message" for a parse error) when it cannot.
bool load_city(const std::string& data_dir, const std::string& name, City* out, std::string* error);

/// The semantic problems of a city (empty box, hot spot outside, negative weight), or "".
std::string check_city(const City& c);

}  // namespace sdsim::ride_hailing
