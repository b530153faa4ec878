// Points on the Earth and the distances between them, at city scale.
#pragma once

#include <cmath>

namespace sdsim::ride_hailing {

/// A position in degrees (WGS 84 latitude and longitude).
struct geo_point {
  double lat = 0;
  double lon = 0;
};

/// A latitude/longitude rectangle, bounds included.
struct geo_box {
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  bool contains(geo_point p) const {
    return p.lat >= min_lat && p.lat <= max_lat && p.lon >= min_lon && p.lon <= max_lon;
  }
};

inline constexpr double earth_radius_m = 6371008.8;  // mean radius
inline constexpr double pi = 3.14159265358979323846;
inline constexpr double meters_per_degree_lat = pi * earth_radius_m / 180;

/// Great-circle distance in meters (haversine).
double distance_m(geo_point a, geo_point b);

/// The smallest box that holds every point within `radius_m` of `c` (for cities away from
/// the poles and the antimeridian).
geo_box box_around(geo_point c, double radius_m);

/// The distance from `p` to the nearest point of `b` (0 inside it): a lower bound on the
/// distance to anything in the box, for pruning.
double distance_to_box_m(geo_point p, const geo_box& b);

}  // namespace sdsim::ride_hailing
