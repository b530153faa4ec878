// The `sdsim` subcommands, callable without a command line (tests use them directly).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/cluster/tls_options.hpp"
#include "actors/core/design.hpp"
#include "engine/command_error.hpp"
#include "engine/designs.hpp"

namespace sdsim::scenarios {

/// Flags of `sdsim run` (and `validate`, which uses the first three).
struct run_args {
  std::string file;
  std::vector<std::string> sets;
  std::optional<double> duration_s;
  std::optional<std::string> clock;   ///< "real" or "virtual"
  std::optional<uint64_t> seed;
  std::string json_path;              ///< "" none, "-" stdout
  std::string db_path;                ///< "" default
  bool no_db = false;
  bool quiet = false;
  cluster::tls_options tls;           ///< --tls: with the run's nodes (sets topology.cluster.tls)
};

/// The designs `names` names (every design when empty); nullopt after telling stderr which
/// name `sdsim COMMAND` does not know.
std::optional<std::vector<const core::design*>> designs_named(const std::vector<std::string>& names,
                                                              const std::string& command);

/// Turns --duration/--clock/--seed/--tls into `--set` assignments; nullopt and a message on
/// error (--tls with a missing or unusable file: each problem on a line of its own).
std::optional<std::vector<std::string>> effective_sets(const run_args& a, std::string* error);

int cmd_run(const run_args& a);
int cmd_validate(const run_args& a);
int cmd_estimate(const std::string& design);
int cmd_designs();

/// Flags of `sdsim node`.
struct node_args {
  std::string listen = "127.0.0.1:0";
  std::string name = "node";
  double heartbeat_interval_ms = 200;
  double connection_timeout_ms = 2000;
  uint32_t worker_threads = 0;
  cluster::tls_options tls;
};

/// Hosts placed shards of this binary's designs until SIGTERM/SIGINT.
int cmd_node(const node_args& a);

}  // namespace sdsim::scenarios
