// Points on the Earth and the distances between them, at city scale.
#pragma once

#include <cmath>
#include <utility>

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

/// The cosine of the latitude in `b` farthest from the equator: no point of `b` has a smaller
/// one.
double min_cos_lat(const geo_box& b);

/// A lower bound on distance_m(a, b) without trigonometry, for pruning a search: `cos_min` is
/// a cosine no larger than that of either point's latitude. Within a few parts in a million
/// of the distance at city scale; 0 for points too far apart for the bound to hold.
inline double distance_lower_bound_m(geo_point a, geo_point b, double cos_min);

/// True when distance_lower_bound_m(a, b, cos_min) > d: the same test without its square root.
inline bool surely_farther_m(geo_point a, geo_point b, double cos_min, double d);

namespace detail {
// haversine >= 2R·sqrt(h) and sin(x) >= x(1 - x²/6) give
// d >= R·sqrt(dlat² + (cos_min·dlon)²)·(1 - m²/24), m the larger of |dlat|, |dlon|; the last
// 1e-12 keeps the bound below distance_m's own rounding when the points nearly meet. Returns
// R²·(dlat² + (cos_min·dlon)²) and the factor, or a factor of 0 where the bound does not hold.
inline std::pair<double, double> bound_parts(geo_point a, geo_point b, double cos_min) {
  constexpr double to_rad = pi / 180;
  const double dlat = (b.lat - a.lat) * to_rad, dlon = (b.lon - a.lon) * to_rad;
  const double m = std::fmax(std::fabs(dlat), std::fabs(dlon));
  const double r2 = earth_radius_m * earth_radius_m * (dlat * dlat + cos_min * cos_min * dlon * dlon);
  return {r2, m > 0.5 ? 0 : 1 - m * m / 24 - 1e-12};
}
}  // namespace detail

inline double distance_lower_bound_m(geo_point a, geo_point b, double cos_min) {
  const auto [r2, f] = detail::bound_parts(a, b, cos_min);
  return std::sqrt(r2) * f;
}

inline bool surely_farther_m(geo_point a, geo_point b, double cos_min, double d) {
  const auto [r2, f] = detail::bound_parts(a, b, cos_min);
  return r2 * f * f > d * d;
}

}  // namespace sdsim::ride_hailing
