// The distributed part of one run: the scenario's placement, its nodes, and what each served.
// Under the real clock the nodes are processes (launched or started by hand) and the
// connections to them; under the virtual clock they are simulated in this process
// (cluster::simulated_nodes), with the same faults, deterministically. Absent when nothing is
// placed.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/cluster/node_session.hpp"
#include "actors/cluster/placement.hpp"
#include "actors/cluster/simulated_nodes.hpp"
#include "actors/core/design.hpp"
#include "actors/core/report.pb.h"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

/// Where the scenario places each shard (empty when it places none).
cluster::placement placement_of(const Scenario& s,
                                const std::vector<const core::design*>& enabled);

/// One distributed run. Order of use: make (launches nodes, before the actor system exists),
/// configure, connect, begin, report, end (before the actor system is destroyed).
class cluster_run {
 public:
  /// nullptr when `s` places nothing; throws std::runtime_error when a node cannot be launched.
  static std::unique_ptr<cluster_run> make(const Scenario& s,
                                           const std::vector<const core::design*>& enabled);

  /// Loads CAF's middleman with the scenario's heartbeats.
  void configure(caf::actor_system_config& cfg) const;

  /// Connects to every node and lets the designs place shards through `ctx.place`.
  void connect(caf::actor_system& sys, double speed, core::run_context& ctx);

  /// Aligns the nodes' clocks with `clock`, which has just begun.
  void begin(const core::sim_clock& clock) {
    clock_ = &clock;
    if (session_) session_->begin(clock);
  }

  /// Adds `nodes` to `out`: each node's shards and the requests they served, from the metrics
  /// that `sources` (same order) answered.
  void report(const std::vector<caf::actor>& sources, const std::vector<ActorMetrics>& metrics,
              RunReport* out) const;

  /// False for an actor placed on a node whose connection is lost: a request to it would
  /// never be answered (CAF 0.17 fails no request on a lost connection).
  bool reachable(const caf::actor& a) const;

  /// Ends the nodes' actors and the connections; launched nodes end with this object.
  void end() { session_.reset(); }

  /// True for the faults carried out here: on nodes and on the links to them.
  static bool is_node_fault(const Fault& f);

  /// Node fault `f` (its end when `undo`) in words, for the report.
  static std::string describe(const Fault& f, bool undo);

  /// Carries out node fault `f` (its end when `undo`); link faults go to every design's
  /// routers (`runs`). "" when done, else why not.
  std::string apply_fault(const Fault& f, bool undo,
                          const std::vector<std::unique_ptr<core::design_run>>& runs);

  /// When a simulated node paused at `at` would be declared dead (its connection timeout
  /// later), or nullopt: real nodes are noticed by their connections.
  std::optional<core::sim_ns> pause_noticed_at(const Fault& f, core::sim_ns at) const;

  /// A simulated node paused since `f` is declared dead now, unless it resumed.
  void notice_pause(const Fault& f);

  /// Called often on the engine's thread: notes lost nodes, and brings back those that
  /// answer again (their designs' copies rejoin). What happened goes to `out` as events.
  void poll(const std::vector<std::unique_ptr<core::design_run>>& runs, RunReport* out);

 private:
  cluster_run(const Scenario& s, cluster::placement p, std::vector<const core::design*> enabled);
  void event(RunReport* out, core::sim_ns at, const std::string& what, const std::string& result);
  std::string set_cut(const std::string& node, bool cut,
                      const std::vector<std::unique_ptr<core::design_run>>& runs);
  std::string set_node_link(const Fault& f, bool undo,
                            const std::vector<std::unique_ptr<core::design_run>>& runs);
  caf::actor place_simulated(caf::actor_system& sys, const core::sim_clock& clock,
                             const std::string& node, const std::string& service,
                             const core::placement_spec& spec);
  std::string apply_simulated(const Fault& f, bool undo,
                              const std::vector<std::unique_ptr<core::design_run>>& runs);
  std::string bring_back(const std::string& node,
                         const std::vector<std::unique_ptr<core::design_run>>& runs);
  void note_loss(const std::string& node, const std::string& why);
  void poll_simulated(RunReport* out);
  bool lost(const std::string& node) const;
  std::string node_of(const caf::actor_addr& a) const;

  ClusterOptions options_;
  cluster::placement placement_;
  std::vector<const core::design*> enabled_;
  std::vector<cluster::node_info> nodes_;                // in use, in scenario order
  std::unique_ptr<cluster::node_launcher> launcher_;     // real clock: node processes
  std::unique_ptr<cluster::node_session> session_;
  std::unique_ptr<cluster::simulated_nodes> simulated_;  // virtual clock
  std::set<std::string> paused_;                         // simulated, not yet declared dead
  struct pending_event {
    core::sim_ns at = 0;
    std::string what, result;
  };
  std::vector<pending_event> pending_;   // simulated nodes' events, reported at the next poll
  const core::sim_clock* clock_ = nullptr;
  struct placed {
    std::string node;
    uint32_t generation = 0;
  };
  std::map<caf::actor_addr, placed> node_of_;        // placed actor -> its node
  std::map<std::string, uint32_t> losses_, rejoins_;  // by node
  std::set<std::string> held_down_;                   // killed or frozen by a fault
  std::set<std::string> fresh_;                       // restarted since their last loss
  std::map<std::string, std::chrono::steady_clock::time_point> next_try_;
  std::map<std::string, core::link_state> links_;     // by node, as faults left them
  // Between two nodes (a < b; `to`: a -> b), as faults left them.
  std::map<std::pair<std::string, std::string>, core::link_state> node_links_;
};

}  // namespace sdsim::scenarios
