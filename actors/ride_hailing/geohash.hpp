// Geohash: the world halved again and again, longitude and latitude in turn, one bit each
// time; every 5 bits a base-32 character. Cells of the same prefix are nested.
#pragma once

#include <cstdint>
#include <string>

#include "actors/ride_hailing/geo.hpp"

namespace sdsim::ride_hailing {

/// The geohash of `p` with `precision` characters (1..12), as text ("9q8yy9mf").
std::string geohash(geo_point p, int precision);

/// The same cell as an integer: 5 × precision interleaved bits (longitude first).
uint64_t geohash_bits(geo_point p, int precision);

/// The row (latitude) and column (longitude) of `p`'s cell in the grid of cells of
/// `precision` characters: the halvings of each axis as numbers, before they are interleaved.
struct cell_coords {
  uint64_t lat = 0, lon = 0;
};
cell_coords geohash_coords(geo_point p, int precision);

/// The box of the cell `bits` names (as geohash_bits gives it, `precision` characters).
geo_box geohash_box(uint64_t bits, int precision);

/// The size of a cell of `precision` characters, in degrees.
struct cell_size {
  double lat_deg = 0, lon_deg = 0;
};
cell_size geohash_cell(int precision);

/// The longest precision whose cells are at least `radius_m` wide and high near `lat`, so the
/// cell of a point and its neighbors hold every point within `radius_m` of it (1 at least).
int geohash_precision_for(double radius_m, double lat);

}  // namespace sdsim::ride_hailing
