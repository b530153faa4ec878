// A replicated service in one run, from the engine's side: N shards of R copies each, spawned
// where the scenario places them, led by the group's actor; copies killed, restarted or
// brought back with their node. Any design's stateful service uses it: the design gives a
// function that spawns one copy (its actor owns a `replica`), and routes to the primaries the
// group announces (`shard_routes`).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/core/restart_intensity.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::cluster {

/// The group's own figures at a moment.
struct group_figures {
  uint64_t elections = 0;    ///< primaries chosen after the first ones
  uint64_t waited = 0;       ///< copies that came back while no copy in sync was live
  uint64_t leaderless = 0;   ///< shards with no primary (no copy in sync live)
};

/// Invariants: (1) `actors()[i][c]` is the newest actor of copy c of shard i; (2) a copy that
/// comes back serves only through its group: it follows the primary, or leads when it holds
/// every acknowledged write. Thread-safety: none; used by the engine's thread.
class shard_group {
 public:
  /// Spawns copy `copy` of shard `shard` where the scenario places it; `again` when it comes
  /// back (it keeps its own data and catches up). Throws std::runtime_error when its node
  /// refuses.
  using spawn_fn = std::function<caf::actor(uint32_t shard, uint32_t copy, bool again)>;

  /// What the group needs from the run.
  struct run_hooks {
    std::function<void(caf::actor)> add_source;   ///< collected metrics
    std::function<void(caf::actor)> add_actor;    ///< stopped at the end
    /// The node copy `copy` of `shard` lives on (real or simulated); "" for this process, and
    /// for every copy when unset.
    std::function<std::string(uint32_t shard, uint32_t copy)> node_of;
    /// Lets pending messages run while the engine waits for an answer (run_context::settle).
    std::function<void()> settle;
  };

  /// The hooks of `service`'s group in the run of `ctx`.
  static run_hooks hooks_of(core::run_context& ctx, const std::string& service);

  /// Spawns every copy (by shard, then copy) and the group's actor. A lone copy not placed on
  /// a node gets a supervisor (restarts within `limit`), registered in its place: a placed
  /// one comes back with its node.
  shard_group(caf::actor_system& sys, const core::sim_clock& clock, uint32_t shards,
              uint32_t copies, spawn_fn spawn, run_hooks hooks, const core::intensity_limit& limit);

  /// What the engine starts and collects: each copy, or its supervisor.
  std::vector<caf::actor> sources() const;
  const std::vector<std::vector<caf::actor>>& actors() const { return actors_; }
  /// Each shard's first primary (copy 0), for the routers' first routes.
  std::vector<caf::actor> first_primaries() const;
  uint32_t copies_per_shard() const { return copies_; }
  std::size_t count() const { return actors_.size() * copies_; }

  /// Routers to tell each primary, now and whenever the group names one.
  void add_routers(const std::vector<caf::actor>& routers);

  /// Kills copy `copy` of `shard` (its actor dies at once); "" or why not.
  std::string kill(uint32_t shard, uint32_t copy);

  /// Brings copy `copy` of `shard` back (it must be down): a new actor on the same data
  /// rejoins through the group. "" or why not.
  std::string restart(uint32_t shard, uint32_t copy);

  /// Brings back every copy for which `on_node(shard, copy)` holds (their node returned).
  /// "" when all came back, else why one did not.
  std::string rejoin(const std::function<bool(uint32_t shard, uint32_t copy)>& on_node);

  /// The link from node `a` to node `b` is now `l` (`to`: a -> b, `from`: b -> a): each copy
  /// on one of them is told how it reaches its shard's copies on the other, now and whenever
  /// it comes back. "" when some shard has copies on both, else why nothing changed.
  std::string set_link(const std::string& a, const std::string& b, const core::link_state& l);

  /// The group's actor (see group_actor.hpp).
  const caf::actor& actor() const { return group_; }

  /// The group's figures now (asks its actor; zeros when it does not answer).
  group_figures figures() const;

 private:
  std::string bring_back(uint32_t shard, uint32_t copy);
  std::string node(uint32_t shard, uint32_t copy) const;
  /// Tells copy `from` of `shard` how the link to copy `to`'s node fares (if it has a fault).
  void tell_link(uint32_t shard, uint32_t from, uint32_t to);

  caf::actor_system& sys_;
  uint32_t copies_;
  spawn_fn spawn_;
  run_hooks hooks_;
  caf::actor group_;
  std::vector<std::vector<caf::actor>> actors_;
  std::vector<std::vector<bool>> killed_;   // by a fault, and not restarted yet
  std::vector<std::vector<caf::actor>> supervisors_;   // invalid where none
  std::map<std::pair<std::string, std::string>, core::link_state> links_;   // (from, to)
};

/// The group of `params[shard][copy]`'s copies of `service` in the run of `ctx`: each placed
/// where the scenario puts it (`spec(params, n)` gives its placement), else spawned here
/// (`local(system, params, n)`), `n` counting the copy's spawns (0 first). A copy that comes
/// back gets `rejoin` set: it reopens its own data and catches up.
template <class Params, class SpecFn, class LocalFn>
std::unique_ptr<shard_group> start_group(core::run_context& ctx, const std::string& service,
                                         std::vector<std::vector<std::shared_ptr<const Params>>> params,
                                         SpecFn spec, LocalFn local) {
  const auto shards = static_cast<uint32_t>(params.size());
  const auto copies = static_cast<uint32_t>(params.front().size());
  auto spawns = std::make_shared<std::map<std::pair<uint32_t, uint32_t>, uint32_t>>();
  auto spawn = [&sys = ctx.system, place = ctx.place, service, params = std::move(params), spec,
                local, spawns](uint32_t shard, uint32_t copy, bool again) {
    auto p = params[shard][copy];
    if (again) {
      auto back = std::make_shared<Params>(*p);
      back->rejoin = true;
      p = back;
    }
    const uint32_t n = again ? ++(*spawns)[{shard, copy}] : 0;
    caf::actor a;
    if (place) a = place(service, shard, copy, spec(*p, n));
    return a ? a : local(sys, p, n);
  };
  return std::make_unique<shard_group>(ctx.system, ctx.clock, shards, copies, std::move(spawn),
                                       shard_group::hooks_of(ctx, service),
                                       ctx.service(service).restart_limit);
}

}  // namespace sdsim::cluster
