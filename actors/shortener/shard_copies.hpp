// The copies of every shard in one run: spawning them where the scenario places them, wiring
// each to the others, and bringing one back (a restart fault, or its node's return) caught up
// before the gateways route to it again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/restart_intensity.hpp"
#include "actors/core/sim_clock.hpp"
#include "actors/shortener/shard_actor.hpp"

namespace sdsim::shortener {

/// Invariants: (1) `actors()[i][c]` is the newest actor of copy c of shard i; (2) a copy
/// brought back gets the gateways' traffic only after it caught up from its shard's primary.
/// Thread-safety: none; used by the engine's thread.
class shard_copies {
 public:
  /// Spawns one copy where the scenario places it (on its node, else in this process);
  /// throws std::runtime_error when its node refuses.
  using spawn_fn = std::function<caf::actor(const std::shared_ptr<const shard_params>&)>;

  /// Spawns every copy in `params` (by shard, then copy), registers each with `add_source`,
  /// and tells each one its shard's other copies. A lone copy in this process gets a
  /// supervisor (restarts within `limit`), registered in its place.
  shard_copies(caf::actor_system& sys, const core::sim_clock& clock, spawn_fn spawn,
               std::function<void(caf::actor)> add_source,
               std::vector<std::vector<std::shared_ptr<const shard_params>>> params,
               const core::intensity_limit& limit);

  /// What the engine starts and collects: each copy, or its supervisor.
  std::vector<caf::actor> sources() const;

  const std::vector<std::vector<caf::actor>>& actors() const { return actors_; }
  uint32_t copies_per_shard() const { return params_.empty() ? 1 : params_[0].size(); }
  std::size_t count() const { return params_.size() * copies_per_shard(); }

  /// The routers to tell when a copy serves again (also by its supervisor).
  void set_gateways(std::vector<caf::actor> gateways);

  /// Kills copy `copy` of `shard` (its actor dies at once); "" or why not.
  std::string kill(uint32_t shard, uint32_t copy);

  /// Brings copy `copy` of `shard` back (it must be down): a new actor on the same database
  /// catches up from the primary, then the gateways route to it. "" or why not.
  std::string restart(uint32_t shard, uint32_t copy);

  /// Brings back every copy for which `on_node(shard, copy)` holds (their node returned).
  /// "" when all came back, else why one did not.
  std::string rejoin(const std::function<bool(uint32_t shard, uint32_t copy)>& on_node);

 private:
  std::string bring_back(uint32_t shard, uint32_t copy);

  caf::actor_system& sys_;
  spawn_fn spawn_;
  std::function<void(caf::actor)> add_source_;
  std::vector<std::vector<std::shared_ptr<const shard_params>>> params_;
  std::vector<std::vector<caf::actor>> actors_;
  std::vector<std::vector<bool>> killed_;   // by a fault, and not restarted yet
  std::vector<std::vector<caf::actor>> supervisors_;   // invalid where none
  std::vector<caf::actor> gateways_;
};

}  // namespace sdsim::shortener
