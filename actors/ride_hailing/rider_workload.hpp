// The riders' open-loop traffic: `nearby_cabs` looks and `request_ride` bookings, from points
// the city map draws (hot spots weighted, demand boosts applied). Customers take turns in a
// fixed pseudo-random order, so nobody books again while a ride of theirs is still going.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "actors/core/workload.hpp"
#include "actors/ride_hailing/city_map.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"

namespace sdsim::ride_hailing {

class rider_workload : public core::workload {
 public:
  /// Bookings start at the `first_booking`-th customer of the order: the ones before booked
  /// the rides a warm run starts with.
  rider_workload(std::shared_ptr<const city_map> city, uint64_t customers, uint64_t first_booking = 0)
      : city_(std::move(city)), customers_(customers), booked_(first_booking) {}

  /// The customer who makes the `booking`-th booking (from 0): a full cycle through all
  /// `customers`, so nobody books twice before everyone has booked once.
  static uint64_t customer_of_booking(uint64_t booking, uint64_t customers);

  /// A booking's cab type and payment method: XL one time in ten; card 70 %, wallet 20 %,
  /// cash 10 %.
  static std::pair<CabType, PaymentMethod> draw_options(core::rng& r);

  uint32_t prepare(core::request_envelope& env, core::rng& r) override;
  void on_outcome(uint64_t id, uint32_t api, core::outcome o, const std::string& reply) override;
  std::string extra() const override;

 private:
  std::shared_ptr<const city_map> city_;
  uint64_t customers_;
  uint64_t booked_;
  std::vector<uint64_t> acked_;   // rides request_ride was answered with
};

}  // namespace sdsim::ride_hailing
