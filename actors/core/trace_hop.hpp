// One step of a request's path through a design (a quote, an offer to a driver, a trip event),
// as the service that saw it tells a live viewer. Services answer a trace question with their
// hops encoded as one string, so the reply crosses actors (and one day nodes) as plain bytes.
#pragma once

#include <string>
#include <vector>

#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// What one service saw happen to a request, and when.
struct trace_hop {
  sim_ns at = 0;
  std::string service;  ///< "ride_hailing/matching"
  std::string what;     ///< "offer", "en_route"
  std::string detail;   ///< "driver 812", "by rider: changed plans"

  bool operator==(const trace_hop& o) const {
    return at == o.at && service == o.service && what == o.what && detail == o.detail;
  }
};

/// The hops as one string: a line per hop, its fields separated by tabs (tabs and line breaks
/// inside a field become spaces).
std::string encode_hops(const std::vector<trace_hop>& hops);

/// The hops of `encode_hops`; lines that do not parse are skipped.
std::vector<trace_hop> decode_hops(const std::string& bytes);

/// Hops from several services as one path: ordered by time; among equal times the order they
/// came in (a service lists its own hops in the order they happened).
std::vector<trace_hop> merge_hops(std::vector<std::vector<trace_hop>> from_services);

}  // namespace sdsim::core
