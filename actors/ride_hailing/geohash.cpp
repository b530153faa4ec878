#include "actors/ride_hailing/geohash.hpp"

#include <cmath>

namespace sdsim::ride_hailing {
namespace {

constexpr char alphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";

}  // namespace

uint64_t geohash_bits(geo_point p, int precision) {
  double lat_lo = -90, lat_hi = 90, lon_lo = -180, lon_hi = 180;
  uint64_t bits = 0;
  for (int i = 0; i < 5 * precision; ++i) {
    const bool lon = i % 2 == 0;
    double& lo = lon ? lon_lo : lat_lo;
    double& hi = lon ? lon_hi : lat_hi;
    const double v = lon ? p.lon : p.lat;
    const double mid = (lo + hi) / 2;
    bits <<= 1;
    if (v >= mid) {
      bits |= 1;
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return bits;
}

std::string geohash(geo_point p, int precision) {
  const uint64_t bits = geohash_bits(p, precision);
  std::string out(static_cast<std::size_t>(precision), '0');
  for (int i = 0; i < precision; ++i)
    out[static_cast<std::size_t>(i)] = alphabet[(bits >> (5 * (precision - 1 - i))) & 31];
  return out;
}

geo_box geohash_box(uint64_t bits, int precision) {
  geo_box b{-90, 90, -180, 180};
  const int n = 5 * precision;
  for (int i = 0; i < n; ++i) {
    const bool lon = i % 2 == 0;
    double& lo = lon ? b.min_lon : b.min_lat;
    double& hi = lon ? b.max_lon : b.max_lat;
    const double mid = (lo + hi) / 2;
    if ((bits >> (n - 1 - i)) & 1) lo = mid;
    else hi = mid;
  }
  return b;
}

cell_size geohash_cell(int precision) {
  const int bits = 5 * precision;
  const int lon_bits = (bits + 1) / 2, lat_bits = bits / 2;
  return {180.0 / std::ldexp(1.0, lat_bits), 360.0 / std::ldexp(1.0, lon_bits)};
}

int geohash_precision_for(double radius_m, double lat) {
  for (int p = 12; p > 1; --p) {
    const auto c = geohash_cell(p);
    const double h = c.lat_deg * meters_per_degree_lat;
    const double w = c.lon_deg * meters_per_degree_lat * std::cos(lat * pi / 180);
    if (h >= radius_m && w >= radius_m) return p;
  }
  return 1;
}

}  // namespace sdsim::ride_hailing
