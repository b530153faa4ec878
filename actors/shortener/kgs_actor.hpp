// The Key Generation Service as an actor: hands out disjoint id ranges (KGS strategy) or one id
// at a time (COUNTER strategy), each answer after its modeled service time.
#pragma once

#include "actors/core/design.hpp"

#include <memory>

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
};

/// Spawns the KGS. `range_atom` → (first, count); `next_id_atom` → id.
caf::actor spawn_kgs(caf::actor_system& sys, std::shared_ptr<const kgs_params> p);

}  // namespace sdsim::shortener
