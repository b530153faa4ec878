// The ride-hailing checker and figures, from the trip database (the system of record) and
// what the services reported.
#pragma once

#include <string>
#include <vector>

#include "actors/core/report.pb.h"
#include "actors/ride_hailing/ride_hailing.pb.h"

namespace sdsim::ride_hailing {

struct audit_input {
  std::string trip_db;
  double window_s = 0;                   ///< the measurement window, for rates
  std::vector<RideClientFacts> clients;
  std::vector<LocationFacts> locations;
  std::vector<MatchingFacts> matching;
  std::vector<PricingFacts> pricing;
  std::vector<CityFacts> cities;
  std::vector<TripFacts> trips;
};

/// Adds the checks and figures to `out`.
void audit(const audit_input& in, sdsim::DesignReport* out);

}  // namespace sdsim::ride_hailing
