// The Key Generation Service as an actor: hands out disjoint id ranges (KGS strategy) or one id
// at a time (COUNTER strategy), each answer after its modeled service time, and after what it
// handed out is committed (and on its copies).
#pragma once

#include "actors/core/design.hpp"

#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/model.pb.h"
#include "actors/core/sim_clock.hpp"

namespace sdsim::shortener {

/// What the KGS needs; shared read-only with the actor.
struct kgs_params {
  Capacity capacity;
  uint64_t range_size = 10'000;
  core::actor_basics basics;
  /// Its SQLite file: how many ids it has handed out, committed before it answers, so a KGS
  /// that comes back never hands an id out twice.
  std::string db_path;
  uint32_t replica = 0;     ///< which copy; copies are kept equal by the cluster layer
  uint32_t replicas = 1;
  bool rejoin = false;      ///< a copy that comes back: it catches up before it may lead
};

/// Spawns a copy of the KGS. `range_atom` → (first, count); `next_id_atom` → id; only the
/// primary answers (a copy refuses: the gateway asks again of the primary its group names).
caf::actor spawn_kgs(caf::actor_system& sys, std::shared_ptr<const kgs_params> p);

}  // namespace sdsim::shortener
