#include "actors/ride_hailing/payment_ledger.hpp"

namespace sdsim::ride_hailing {

charge_state payment_ledger::charge(uint64_t trip, double amount, bool* repeat) {
  auto [it, fresh] = charges_.try_emplace(trip, charge_row{amount, charge_state::pending});
  *repeat = !fresh;
  if (!fresh) ++repeats_;
  return it->second.state;
}

charge_state payment_ledger::settle(uint64_t trip, core::rng& r) {
  auto it = charges_.find(trip);
  if (it == charges_.end()) return charge_state::failed;  // nothing was charged
  auto& c = it->second;
  if (c.state != charge_state::pending) return c.state;
  c.state = r.uniform() < failure_rate_ ? charge_state::failed : charge_state::confirmed;
  if (c.state == charge_state::confirmed) total_ += c.amount;
  return c.state;
}

std::optional<charge_state> payment_ledger::state(uint64_t trip) const {
  auto it = charges_.find(trip);
  if (it == charges_.end()) return std::nullopt;
  return it->second.state;
}

}  // namespace sdsim::ride_hailing
