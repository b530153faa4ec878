// What a figure was measured on: the machine, the date, and the toolchain counted work
// depends on.
#pragma once

#include <string>

#include "scenarios/cost.pb.h"

namespace sdsim::scenarios {

/// "AMD EPYC 7B13, 2 cores, Debian GNU/Linux 12 (bookworm)", from /proc and /etc.
std::string machine_summary();

/// The CPU's model name ("Intel(R) Xeon(R) Processor"), or "unknown".
std::string cpu_model();

/// Now, UTC, as RFC 3339 ("2026-12-07T14:03:00Z").
std::string utc_now();

/// The compiler and libraries this binary was built with, the C library and CPU it runs on,
/// and `valgrind` (what `valgrind --version` printed): what an instruction count depends on
/// besides the code.
Toolchain current_toolchain(const std::string& valgrind);

}  // namespace sdsim::scenarios
