// A shard's supervisor: a shard that crashes is replaced by a new one on the same database,
// and the gateways learn its handle through the `shard_atom` message they already take after
// a `restart` fault.
#pragma once

#include <memory>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/restart_intensity.hpp"
#include "actors/core/sim_clock.hpp"
#include "actors/shortener/shard_actor.hpp"

namespace sdsim::shortener {

/// Spawns the supervisor of `first`, shard `p->index` in this process, restarting it within
/// `limit`. Gateways are added with `(core::listen_atom, gateway)`; each then gets
/// `(shard_atom, index, copy, new shard)` after a restart. Only copies with no others (one
/// copy of the shard) are supervised: a new one serves its own database at once. A restarted shard is sent `start_atom`
/// (traffic is already running).
caf::actor supervise_shard(caf::actor_system& sys, const core::sim_clock& clock,
                           std::shared_ptr<const shard_params> p, caf::actor first,
                           const core::intensity_limit& limit);

}  // namespace sdsim::shortener
