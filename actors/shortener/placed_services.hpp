// The shortener's services as a node spawns them, besides its shards (shard_spec.hpp): the
// gateways (stateless: spawned again with their node) and the KGS's copies (what it handed out
// is a row its copies keep equal). Each one's parameters to and from the bytes its node gets.
#pragma once

#include <string>

#include <caf/expected.hpp>

#include "actors/core/placement_spec.hpp"
#include "actors/shortener/gateway_actor.hpp"
#include "actors/shortener/kgs_actor.hpp"

namespace sdsim::shortener {

inline const std::string gateway_name = "shortener/gateway";
inline const std::string kgs_name = "shortener/kgs";
inline const std::string shard_name = "shortener/shard";

/// A gateway's spec; its peers: each shard's first primary, the KGS's, the KGS's group.
core::placement_spec spec_of(const gateway_params& p);

caf::expected<caf::actor> spawn_gateway_from(caf::actor_system& sys, const core::sim_clock& clock,
                                             const core::placement_spec& spec);

core::placement_spec spec_of(const kgs_params& p);

caf::expected<caf::actor> spawn_kgs_from(caf::actor_system& sys, const core::sim_clock& clock,
                                         const core::placement_spec& spec);

}  // namespace sdsim::shortener
