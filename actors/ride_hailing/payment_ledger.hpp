// The payment processor as the trip service sees it: a charge per trip, idempotent by trip
// id (a retried charge returns the first one's result and never charges twice), confirmed
// later by a webhook-style callback. The processor's latency belongs to its actor; its
// failures are drawn here.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include "actors/core/rng.hpp"

namespace sdsim::ride_hailing {

enum class charge_state : uint8_t { pending, confirmed, failed };

/// Invariant: at most one charge per trip; a trip's amount never changes once charged.
/// Not thread-safe: owned by one payment actor.
class payment_ledger {
 public:
  explicit payment_ledger(double failure_rate) : failure_rate_(failure_rate) {}

  /// Charges `trip` for `amount`. A first charge is pending until settle(); a repeat returns
  /// the existing charge's state and changes nothing (`*repeat` set).
  charge_state charge(uint64_t trip, double amount, bool* repeat);

  /// The processor's callback for `trip`: confirmed, or failed with the modeled probability.
  /// Settling twice (a redelivered webhook) keeps the first outcome.
  charge_state settle(uint64_t trip, core::rng& r);

  std::optional<charge_state> state(uint64_t trip) const;
  double charged_total() const { return total_; }   ///< confirmed amounts
  uint64_t repeats() const { return repeats_; }

 private:
  struct charge_row {
    double amount;
    charge_state state;
  };
  double failure_rate_;
  std::unordered_map<uint64_t, charge_row> charges_;
  double total_ = 0;
  uint64_t repeats_ = 0;
};

}  // namespace sdsim::ride_hailing
