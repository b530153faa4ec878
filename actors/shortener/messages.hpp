// Atoms between the shortener's own services (gateway, KGS, shards).
#pragma once

#include <caf/atom.hpp>

namespace sdsim::shortener {

using shard_atom = caf::atom_constant<caf::atom("shard")>;        // gateway -> shard
using shard_reply_atom = caf::atom_constant<caf::atom("shardrep")>;  // shard -> gateway
using range_atom = caf::atom_constant<caf::atom("range")>;        // gateway -> KGS: a range
using next_id_atom = caf::atom_constant<caf::atom("nextid")>;     // gateway -> KGS: one id

// Replication between the copies of one shard (see shard_actor.cpp).
using peer_atom = caf::atom_constant<caf::atom("peer")>;          // a copy to forward writes to
using peer_down_atom = caf::atom_constant<caf::atom("peerdown")>; // gateway -> copies: one died
using replicate_atom = caf::atom_constant<caf::atom("repl")>;     // primary -> copy: a write
using replicated_atom = caf::atom_constant<caf::atom("repled")>;  // copy -> primary: applied
using catch_up_atom = caf::atom_constant<caf::atom("catchup")>;   // driver -> returning copy
using join_atom = caf::atom_constant<caf::atom("join")>;          // returning copy -> primary
using snapshot_atom = caf::atom_constant<caf::atom("snapshot")>;  // primary -> returning copy
using primary_atom = caf::atom_constant<caf::atom("primary")>;    // driver -> gateway: whose?
using audit_atom = caf::atom_constant<caf::atom("audit")>;        // driver -> copy: AuditRequest

}  // namespace sdsim::shortener
