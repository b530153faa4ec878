// The actor that leads a shard group from the driver's process: it watches every copy of every
// shard, chooses each shard's primary by `shard_leadership`, tells copies whom to follow and
// routers where to send. One per replicated service in a run.
#pragma once

#include <cstdint>
#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>

namespace sdsim::cluster {

/// `(group_figures_atom)`: replies `(uint64_t elections, uint64_t waited, uint64_t leaderless)`:
/// primaries chosen after the first, copies that came back to a shard with no copy in sync
/// live (and waited), and shards with no primary now.
using group_figures_atom = caf::atom_constant<caf::atom("grpfig")>;

/// Spawns the group of `shards` shards of `copies` copies each. It learns the copies from
/// `(member_atom, shard, copy, actor)` in shard and copy order (copy 0 leads at epoch 1), a
/// copy back from `(up_atom, shard, copy, actor)`, and routers from `(core::listen_atom,
/// router)`; each router gets `(primary_atom, shard, copy, epoch, actor)` for every primary
/// now and every new one. It answers `shrink_atom` and `grow_atom` from primaries.
caf::actor spawn_group_actor(caf::actor_system& sys, uint32_t shards, uint32_t copies);

}  // namespace sdsim::cluster
