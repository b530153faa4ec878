// Reading a scenario: parse the text format, apply `--set`, check every semantic rule, and
// report each problem as `file:line:column: message` before anything starts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/core/design.hpp"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

/// A scenario ready to run: parsed, overridden, validated.
struct loaded_scenario {
  std::string file;
  Scenario scenario;
  std::vector<std::string> sets;   ///< the `--set` assignments applied, in order
};

/// Largest scenario file accepted; anything bigger is certainly not a hand-written scenario.
inline constexpr std::size_t max_scenario_bytes = 4 << 20;

/// Loads and validates `path` with `sets` applied. On failure returns nullopt and fills
/// `errors` with one line per problem.
std::optional<loaded_scenario> load_scenario(const std::string& path,
                                             const std::vector<std::string>& sets,
                                             const core::design_registry& designs,
                                             std::vector<std::string>& errors);

/// The designs whose field the scenario sets, in registry order.
std::vector<const core::design*> enabled_designs(const Scenario& s,
                                                 const core::design_registry& designs);

/// The scenario's configuration message for `d`.
const google::protobuf::Message& design_config(const Scenario& s, const core::design& d);

/// The scenario with one variant's overrides applied (its name becomes part of the report).
Scenario apply_variant(const Scenario& s, const Variant& v);

}  // namespace sdsim::scenarios
