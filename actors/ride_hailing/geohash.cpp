#include "actors/ride_hailing/geohash.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::ride_hailing {
namespace {

constexpr char alphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";

// The cell of `v` when [lo, lo + span) is halved `bits` times, as repeated halving finds it:
// the largest k with lo + k·(span/2^bits) <= v (0 below the range or for NaN, the last cell at
// its top). The estimate may be one off; exact comparisons settle it, as span/2^bits and every
// bound lo + k·(span/2^bits) are doubles exactly for the bits a geohash uses (at most 30 an
// axis, with span 180 or 360).
uint64_t cell_index(double v, double lo, double span, int bits) {
  if (!(v >= lo)) return 0;
  const auto n = static_cast<double>(uint64_t{1} << bits);
  const double cell = span / n;
  double k = std::min(std::floor((v - lo) * (n / span)), n - 1);
  if (v < lo + k * cell) k -= 1;
  else if (k + 1 < n && v >= lo + (k + 1) * cell) k += 1;
  return static_cast<uint64_t>(k);
}

// `x`'s low 32 bits spread to the even bits of the result (bit i to bit 2i).
uint64_t spread(uint64_t x) {
  x &= 0xffffffffu;
  x = (x | (x << 16)) & 0x0000ffff0000ffffu;
  x = (x | (x << 8)) & 0x00ff00ff00ff00ffu;
  x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fu;
  x = (x | (x << 2)) & 0x3333333333333333u;
  x = (x | (x << 1)) & 0x5555555555555555u;
  return x;
}

}  // namespace

// The bits alternate from the top: longitude, latitude, longitude ... With an odd count the
// last bit is a longitude one, so longitude holds the even positions from the bottom.
uint64_t geohash_bits(geo_point p, int precision) {
  const cell_coords c = geohash_coords(p, precision);
  const uint64_t lon = spread(c.lon), lat = spread(c.lat);
  return precision % 2 ? lon | (lat << 1) : (lon << 1) | lat;  // 5 × precision bits: odd or even
}

cell_coords geohash_coords(geo_point p, int precision) {
  const int bits = 5 * precision;
  return {cell_index(p.lat, -90, 180, bits / 2), cell_index(p.lon, -180, 360, (bits + 1) / 2)};
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
