// The results database: every run stored in one transaction, with its provenance, for
// `sdsim compare` and for anyone with sqlite3.
#pragma once

#include <string>

#include "actors/core/report.pb.h"

namespace sdsim::scenarios {

/// Default location, relative to the working directory.
inline constexpr const char* default_results_db = "runs/results.sqlite";

/// Stores `r` (and its resolved scenario text) in `path`, creating the file and its folder.
/// Returns an error message, or "" on success; nothing is half-written.
std::string store_run(const std::string& path, const RunReport& r,
                      const std::string& resolved_scenario, int exit_code);

}  // namespace sdsim::scenarios
