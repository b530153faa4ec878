// What the cost gate reads from one of callgrind's dump files: which phase it covers, the
// instructions executed in it and the heap allocations made.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>

namespace sdsim::scenarios {

/// The figures of one dump (one phase of a run: "setup", "run", or the rest at exit).
struct callgrind_dump {
  std::string trigger;        ///< the client request's name ("run"), or "" for the exit dump
  uint64_t instructions = 0;  ///< Ir over the whole dump (its `totals:` line)
  uint64_t allocations = 0;   ///< calls to malloc, calloc and realloc
};

/// Reads a dump in callgrind's format (version 1; names compressed or not). nullopt, with
/// `*error`, when the text is not such a dump or has no totals.
std::optional<callgrind_dump> read_callgrind_dump(std::istream& in, std::string* error);

}  // namespace sdsim::scenarios
