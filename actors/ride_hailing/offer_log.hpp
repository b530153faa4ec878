// What matching did for each recent ride (the search, every offer batch, each driver's answer),
// kept so a live viewer can ask for a ride's trace. Bounded: the oldest rides are forgotten
// first, so a long run holds a fixed amount of it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/core/trace_hop.hpp"

namespace sdsim::ride_hailing {

/// Invariants: (1) `order_` lists each ride of `hops_` once, oldest first; (2) at most
/// `capacity` rides are kept.
/// Thread-safety: none; owned by the matching actor.
class offer_log {
 public:
  /// Keeps the hops of the last `capacity` rides (at least one).
  explicit offer_log(std::size_t capacity);

  /// Adds a hop of `ride`; a ride not seen yet may push the oldest one out.
  void record(uint64_t ride, core::sim_ns at, std::string what, std::string detail = {});

  /// The hops of `ride`, in the order recorded (empty when unknown or forgotten).
  std::vector<core::trace_hop> hops(uint64_t ride) const;

  std::size_t rides() const { return hops_.size(); }

 private:
  std::size_t capacity_;
  std::deque<uint64_t> order_;
  std::unordered_map<uint64_t, std::vector<core::trace_hop>> hops_;
};

/// "drivers 4, 17 and 90": a list of ids for a hop's detail.
std::string list_ids(const char* noun, const std::vector<uint64_t>& ids);

}  // namespace sdsim::ride_hailing
