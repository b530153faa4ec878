#include "actors/ride_hailing/driver_ranking.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::ride_hailing {

std::vector<ranked_driver> rank(const std::vector<driver_hit>& nearby,
                                const std::vector<double>& ratings, double speed_mps,
                                double eta_bucket_s) {
  std::vector<ranked_driver> out;
  out.reserve(nearby.size());
  for (std::size_t i = 0; i < nearby.size(); ++i) {
    const double r = i < ratings.size() && ratings[i] > 0 ? ratings[i] : 4.5;
    out.push_back({nearby[i].driver, nearby[i].distance_m / speed_mps, r});
  }
  auto bucket = [&](double eta) { return std::floor(eta / eta_bucket_s); };
  std::sort(out.begin(), out.end(), [&](const ranked_driver& a, const ranked_driver& b) {
    if (bucket(a.eta_s) != bucket(b.eta_s)) return bucket(a.eta_s) < bucket(b.eta_s);
    if (a.rating != b.rating) return a.rating > b.rating;
    return a.driver < b.driver;
  });
  return out;
}

}  // namespace sdsim::ride_hailing
