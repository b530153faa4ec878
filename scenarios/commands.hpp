// The `sdsim` subcommands, callable without a command line (tests use them directly).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/cluster/tls_options.hpp"
#include "actors/core/design.hpp"

namespace sdsim::scenarios {

/// Exit codes, as the docs promise them.
enum exit_code : int {
  exit_ok = 0,
  exit_failed = 1,      ///< a threshold or a checker failed
  exit_bad_input = 2,   ///< scenario or flag refused; nothing started
  exit_saturated = 3,   ///< the host could not keep up: not a valid measurement
  exit_internal = 4,    ///< e.g. the results database could not be written
};

/// How every command reports what it could not do: "sdsim COMMAND: what" on stderr (just
/// "sdsim: what" when `command` is empty), and the exit code that says which kind of failure
/// it was (bad input 2, host saturated 3, internal 4). Returns `code`.
int command_error(const std::string& command, exit_code code, const std::string& what);

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

/// The registry of every design built into this binary.
const core::design_registry& all_designs();

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
