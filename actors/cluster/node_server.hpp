// The `sdsim node` process: an actor system with CAF's middleman that publishes the node's
// entry actor (over mutual TLS when asked) and serves until SIGTERM or SIGINT.
#pragma once

#include <cstdint>
#include <string>

#include "actors/cluster/node_actor.hpp"
#include "actors/cluster/tls_options.hpp"

namespace sdsim::cluster {

/// How a node listens and watches its peers.
struct node_options {
  std::string listen = "127.0.0.1:0";   ///< HOST:PORT; port 0: any free port
  std::string name = "node";
  double heartbeat_interval_ms = 200;   ///< CAF's default is 0: a hung peer is never noticed
  double connection_timeout_ms = 2000;
  uint32_t worker_threads = 0;          ///< 0: CAF's default
  tls_options tls;                      ///< off: plain TCP
};

/// Serves until SIGTERM/SIGINT. Prints `listening on HOST:PORT` (the bound port) as the first
/// line on stdout once it accepts connections. Returns 0 after a clean stop, 2 when the
/// address is bad or cannot be bound, or the TLS settings are incomplete or unusable (the
/// reason on stderr; checked before CAF starts).
int run_node(const node_options& opts, spawn_fn spawn);

/// Sets CAF's heartbeat options (both 0 by default in CAF 0.17, which never detects a hung
/// peer) on a config that loads the middleman.
void set_heartbeats(caf::actor_system_config& cfg, double interval_ms, double timeout_ms);

}  // namespace sdsim::cluster
