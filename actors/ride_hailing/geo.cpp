#include "actors/ride_hailing/geo.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::ride_hailing {

double distance_m(geo_point a, geo_point b) {
  const double to_rad = pi / 180;
  const double dlat = (b.lat - a.lat) * to_rad, dlon = (b.lon - a.lon) * to_rad;
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * to_rad) * std::cos(b.lat * to_rad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * earth_radius_m * std::asin(std::min(1.0, std::sqrt(s)));
}

geo_box box_around(geo_point c, double radius_m) {
  const double dlat = radius_m / meters_per_degree_lat;
  // Longitude degrees shrink with latitude; use the widest latitude the box reaches.
  const double far_lat = std::min(89.9, std::fabs(c.lat) + dlat);
  const double dlon = radius_m / (meters_per_degree_lat * std::cos(far_lat * pi / 180));
  return {c.lat - dlat, c.lat + dlat, c.lon - dlon, c.lon + dlon};
}

double distance_to_box_m(geo_point p, const geo_box& b) {
  const geo_point q{std::clamp(p.lat, b.min_lat, b.max_lat), std::clamp(p.lon, b.min_lon, b.max_lon)};
  return distance_m(p, q);
}

double min_cos_lat(const geo_box& b) {
  return std::min(std::cos(b.min_lat * pi / 180), std::cos(b.max_lat * pi / 180));
}

}  // namespace sdsim::ride_hailing
