// A one-shard replicated service as its callers reach it (ride-hailing's trip, the shortener's
// KGS): its primary copy, as the copies' group last named it (primary_atom). A handle the
// design hands over (before traffic, or to a caller spawned again) counts as the first
// primary's: it never replaces one the group named since.
#pragma once

#include <cstdint>
#include <utility>

#include <caf/actor.hpp>

#include "actors/cluster/shard_routes.hpp"

namespace sdsim::cluster {

/// Not thread-safe: owned by one calling actor.
class primary_route {
 public:
  explicit primary_route(caf::actor first = {}) : routes_({std::move(first)}) {}

  /// A handle from the design.
  void set(caf::actor a) { routes_.announce(0, 0, 1, std::move(a)); }

  /// The group named copy `copy` primary at `epoch`.
  void announce(uint32_t copy, uint64_t epoch, caf::actor a) {
    routes_.announce(0, copy, epoch, std::move(a));
  }

  /// Where to send (an invalid handle before any: a send to it goes nowhere).
  caf::actor actor() const {
    const caf::actor* p = routes_.primary(0);
    return p ? *p : caf::actor{};
  }

  /// Drops the handle (the owner exits).
  void clear() { routes_ = shard_routes({caf::actor{}}); }

 private:
  shard_routes routes_;
};

}  // namespace sdsim::cluster
