// How every front end of the engine (the `sdsim` subcommands, the visualizer) says what it
// could not do, and the exit codes the docs promise.
#pragma once

#include <string>

namespace sdsim::scenarios {

/// Exit codes, as the docs promise them.
enum exit_code : int {
  exit_ok = 0,
  exit_failed = 1,      ///< a threshold or a checker failed
  exit_bad_input = 2,   ///< scenario or flag refused; nothing started
  exit_saturated = 3,   ///< the host could not keep up: not a valid measurement
  exit_internal = 4,    ///< e.g. the results database could not be written
};

/// "sdsim COMMAND: what" on stderr (just "sdsim: what" when `command` is empty); returns
/// `code`, which says which kind of failure it was (bad input 2, host saturated 3, internal 4).
int command_error(const std::string& command, exit_code code, const std::string& what);

}  // namespace sdsim::scenarios
