// Atoms of the replication protocol between the copies of a shard, its group's actor and the
// routers that send requests to the shard (see replica.cpp and shard_group.cpp).
#pragma once

#include <caf/atom.hpp>

namespace sdsim::cluster {

// group -> copy
using lead_atom = caf::atom_constant<caf::atom("lead")>;           // (epoch): you are primary
using follow_atom = caf::atom_constant<caf::atom("follow")>;       // (epoch, primary): join it
using peer_down_atom = caf::atom_constant<caf::atom("peerdown")>;  // (copy actor): it died
// copy -> group; each answers bool
using shrink_atom = caf::atom_constant<caf::atom("shrink")>;  // (shard, epoch, copy)
using grow_atom = caf::atom_constant<caf::atom("grow")>;      // (shard, epoch, copy)
// engine or supervisor -> group
using member_atom = caf::atom_constant<caf::atom("member")>;  // (shard, copy, actor): first
using up_atom = caf::atom_constant<caf::atom("up")>;          // (shard, copy, actor): back
// group -> routers
using primary_atom = caf::atom_constant<caf::atom("primary")>;  // (shard, copy, epoch, actor)
// between copies
using join_atom = caf::atom_constant<caf::atom("join")>;          // (copy, epoch, known, at)
using replicate_atom = caf::atom_constant<caf::atom("repl")>;     // (epoch, seq, write)
using replicated_atom = caf::atom_constant<caf::atom("repled")>;  // (seq)
using snapshot_atom = caf::atom_constant<caf::atom("snapshot")>;  // (part, last, epoch, seq)
using attached_atom = caf::atom_constant<caf::atom("attached")>;  // (epoch): live writes next
using synced_atom = caf::atom_constant<caf::atom("synced")>;      // (copy): all applied
using in_sync_atom = caf::atom_constant<caf::atom("insync")>;     // (epoch): the group agreed
// (peer, to: cut, delay ms, loss, from: cut, delay ms, loss): the link between this copy's
// node and a peer's, as a partition or link fault between two nodes leaves it.
using peer_link_atom = caf::atom_constant<caf::atom("peerlink")>;

}  // namespace sdsim::cluster
