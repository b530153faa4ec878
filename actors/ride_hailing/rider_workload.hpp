// The riders' open-loop traffic: `nearby_cabs` looks and `request_ride` bookings, from points
// the city map draws (hot spots weighted, demand boosts applied). Customers take turns in a
// fixed pseudo-random order, so nobody books again while a ride of theirs is still going.
#pragma once

#include <memory>
#include <vector>

#include "actors/core/workload.hpp"
#include "actors/ride_hailing/city_map.hpp"

namespace sdsim::ride_hailing {

class rider_workload : public core::workload {
 public:
  rider_workload(std::shared_ptr<const city_map> city, uint64_t customers)
      : city_(std::move(city)), customers_(customers) {}

  uint32_t prepare(core::request_envelope& env, core::rng& r) override;
  void on_outcome(uint64_t id, uint32_t api, core::outcome o, const std::string& reply) override;
  std::string extra() const override;

 private:
  std::shared_ptr<const city_map> city_;
  uint64_t customers_;
  uint64_t booked_ = 0;
  std::vector<uint64_t> acked_;   // rides request_ride was answered with
};

}  // namespace sdsim::ride_hailing
