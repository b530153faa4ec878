// Atoms between the shortener's own services (gateway, KGS, shards).
#pragma once

#include <caf/atom.hpp>

namespace sdsim::shortener {

using shard_atom = caf::atom_constant<caf::atom("shard")>;        // gateway -> shard
using shard_reply_atom = caf::atom_constant<caf::atom("shardrep")>;  // shard -> gateway
using range_atom = caf::atom_constant<caf::atom("range")>;        // gateway -> KGS: a range
using next_id_atom = caf::atom_constant<caf::atom("nextid")>;     // gateway -> KGS: one id

using audit_atom = caf::atom_constant<caf::atom("audit")>;     // driver -> copy: AuditRequest

}  // namespace sdsim::shortener
