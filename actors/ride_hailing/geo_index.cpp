#include "actors/ride_hailing/geo_index.hpp"

#include <algorithm>

namespace sdsim::ride_hailing {

void keep_nearest(std::vector<driver_hit>& hits, std::size_t k) {
  auto closer = [](const driver_hit& a, const driver_hit& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.driver < b.driver;
  };
  if (hits.size() > k) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(), closer);
    hits.resize(k);
  } else {
    std::sort(hits.begin(), hits.end(), closer);
  }
}

}  // namespace sdsim::ride_hailing
