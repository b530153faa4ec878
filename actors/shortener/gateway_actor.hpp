// The API gateway as an actor: authenticates, rate-limits and checks each request, makes the
// key of a create (by the scenario's strategy), and relays to the shard that owns the key.
#pragma once

#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/core/sim_clock.hpp"
#include "actors/shortener/gateway_logic.hpp"

namespace sdsim::shortener {

/// What a gateway needs; shared read-only with the actor.
struct gateway_params {
  uint32_t index = 0;
  gateway_config config;
  KeyStrategy strategy = KGS;
  Capacity capacity;
  /// Each shard's first primary, by index; keys map to shards by consistent hashing, and a
  /// shard's requests go to the primary its group names (cluster::shard_routes).
  std::vector<caf::actor> shards;
  /// The node each copy lives on ("" for this process), by shard then copy.
  std::vector<std::vector<std::string>> nodes;
  caf::actor kgs;                  ///< key ranges (KGS) or ids (COUNTER): its first primary
  caf::actor kgs_group;            ///< the KGS copies' group, whose primary_atom names the next
  core::actor_basics basics;
};

/// Spawns a gateway. Clients send it `call_atom` requests; it answers with `reply_atom`.
/// `cluster::primary_atom, shard, copy, epoch, actor` names a shard's new primary (from its
/// group); `link_atom` models a partition or slow link to a node.
caf::actor spawn_gateway(caf::actor_system& sys, std::shared_ptr<const gateway_params> p);

}  // namespace sdsim::shortener
