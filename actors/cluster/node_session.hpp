// The driver's side of a distributed run: node processes it launches (before its actor system
// exists, so that fork happens with one thread), then the connections to every node.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/cluster/cluster.pb.h"
#include "actors/cluster/node_process.hpp"
#include "actors/cluster/tls_options.hpp"
#include "actors/core/placement_spec.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::cluster {

/// A node of the run, once its address is known.
struct node_info {
  std::string name;
  std::string address;   ///< HOST:PORT
  bool launched = false;
  int pid = 0;           ///< of a launched node
};

/// Starts the scenario's `launch: true` nodes and ends them with itself (also on errors and
/// exceptions). Nodes started by hand are listed with their configured address.
class node_launcher {
 public:
  /// Launches what `nodes` asks for, each with `threads` CAF workers (0: CAF's default) and
  /// the driver's TLS settings `tls`; throws std::runtime_error with the reason on failure
  /// (the nodes already started are ended).
  node_launcher(const std::vector<Node>& nodes, uint32_t threads, double timeout_s,
                const tls_options& tls = {});
  /// Every node of the run, in scenario order.
  const std::vector<node_info>& nodes() const { return info_; }

  // Node faults; each returns "" when done, else why not.
  /// Kills launched node `name` (SIGKILL).
  std::string kill(const std::string& name);
  /// Starts killed node `name` again, on the port it had.
  std::string restart(const std::string& name);
  /// Freezes (SIGSTOP) or resumes (SIGCONT) launched node `name`.
  std::string pause(const std::string& name, bool frozen);
  /// Kills launched node `name` and starts it again on its port (a node declared dead).
  std::string fence(const std::string& name);
  /// True while launched node `name`'s process runs (also when frozen).
  bool running(const std::string& name);

 private:
  node_process* launched(const std::string& name, std::string* why);

  std::string binary_;
  uint32_t threads_ = 0;
  double timeout_s_ = 0;
  std::vector<std::string> extra_args_;   // given to every node it starts (TLS flags)
  std::map<std::string, node_process> processes_;
  std::vector<node_info> info_;
};

/// Loads CAF's middleman into `cfg` (and CAF's OpenSSL module when `opts` has `tls`), with
/// heartbeats from `opts`.
void configure_cluster(caf::actor_system_config& cfg, const ClusterOptions& opts);

/// Connections to the run's nodes. Create after the actor system, destroy before it.
/// Thread-safety: none; used by the engine's thread.
class node_session {
 public:
  /// Connects to every node and prepares it for a run at `speed`; throws std::runtime_error
  /// naming the node that cannot be reached or refuses.
  node_session(caf::actor_system& sys, const std::vector<node_info>& nodes, double speed);
  /// Tells every node to end the run's actors.
  ~node_session();

  /// Spawns `service` from `spec` on node `name`; throws std::runtime_error if refused.
  caf::actor place(const std::string& name, const std::string& service,
                   const core::placement_spec& spec);

  /// Aligns every node's sim clock with `clock`, which has just begun.
  void begin(const core::sim_clock& clock);

  /// True once the connection to node `name` is lost (its entry actor is reported down),
  /// until it is connected again. CAF 0.17 fails no request to a lost node's actors: a
  /// caller must not wait on them.
  bool lost(const std::string& name) const;

  /// How many times node `name` has been connected again (0 at first). An actor placed on it
  /// before its latest loss is gone.
  uint32_t generation(const std::string& name) const;

  /// A loss the watcher saw: which node, and when (sim time of the clock given to begin).
  struct loss {
    std::string node;
    core::sim_ns at = 0;
  };
  /// The losses seen since the last call.
  std::vector<loss> take_losses();

  /// Tries to connect to lost node `name` again within `timeout_ms`; when it answers, gets it
  /// ready for the run under way (prepare, then clock alignment) and returns true. Returns
  /// false, with `*why`, when it does not answer or refuses; never blocks longer than about
  /// `timeout_ms` (a frozen node accepts the TCP connection but never finishes the handshake).
  bool reconnect(const std::string& name, int timeout_ms, std::string* why);

 private:
  /// Nodes reported down, written by the watcher actor, read by the engine's thread.
  struct lost_set {
    mutable std::mutex m;
    std::set<std::string> names;
    std::vector<loss> seen;
    const core::sim_clock* clock = nullptr;
  };
  void align(const std::string& name, const caf::actor& entry);

  caf::actor_system& sys_;
  double speed_ = 1;
  std::map<std::string, std::string> addresses_;
  std::map<std::string, caf::actor> entries_;
  std::map<std::string, uint32_t> generations_;
  std::shared_ptr<lost_set> lost_ = std::make_shared<lost_set>();
  caf::actor watcher_;
  const core::sim_clock* clock_ = nullptr;
};

}  // namespace sdsim::cluster
