// A shard of the shortener: owns the keys the ring gives it, in its own SQLite database (the
// Users and URLs tables) behind an LRU cache; expires links on read and by a periodic sweep;
// counts clicks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/core/model.pb.h"
#include "actors/core/sim_clock.hpp"

namespace sdsim::shortener {

/// What a shard needs; shared read-only with the actor.
struct shard_params {
  uint32_t index = 0;
  uint32_t replica = 0;              ///< which copy of the shard
  uint32_t replicas = 1;             ///< copies in all (R)
  bool rejoin = false;               ///< a copy coming back: no preload; it catches up first
  std::string db_path;
  Capacity capacity;
  uint32_t cache_entries = 10'000;
  core::sim_ns cache_hit_cost = 0;   ///< service time of a lookup the cache answers
  core::sim_ns sweep_interval = 0;
  uint32_t users = 0;
  std::vector<uint32_t> preload;     ///< preload mappings (by number) this shard owns
  core::actor_basics basics;
};

/// Spawns a shard. Gateways send it `shard_atom` requests; it answers `shard_reply_atom`.
/// Opening the database and preloading happen at spawn, before sim time starts. As the
/// primary of its shard it forwards each write to the copies it knows (`peer_atom`) and
/// answers once all live ones applied it; as a copy it applies what its primary forwards.
caf::actor spawn_shard(caf::actor_system& sys, std::shared_ptr<const shard_params> p);

}  // namespace sdsim::shortener
