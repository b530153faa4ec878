// Runs a shipped scenario in-process for tests: load (with --set style overrides), run quietly,
// return every variant's report.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/designs.hpp"
#include "engine/engine.hpp"
#include "engine/scenario_loader.hpp"

namespace sdsim::testing {

/// Reports of the scenario at `rel` (relative to the source tree), one per variant.
inline std::vector<RunReport> run_scenario_file(const std::string& rel,
                                                const std::vector<std::string>& sets) {
  std::vector<std::string> errors;
  auto s = scenarios::load_scenario(std::string(SDSIM_SOURCE_DIR) + "/" + rel, sets,
                                    scenarios::all_designs(), errors);
  for (const auto& e : errors) ADD_FAILURE() << e;
  std::vector<RunReport> out;
  if (!s) return out;
  scenarios::run_options opts;
  opts.quiet = true;
  if (s->scenario.variant_size() == 0)
    out.push_back(scenarios::run_scenario(s->scenario, rel, "", scenarios::all_designs(), opts));
  for (const auto& v : s->scenario.variant())
    out.push_back(scenarios::run_scenario(scenarios::apply_variant(s->scenario, v), rel, v.name(),
                                          scenarios::all_designs(), opts));
  return out;
}

/// The single report of a scenario without variants.
inline RunReport run_one(const std::string& rel, const std::vector<std::string>& sets) {
  auto reports = run_scenario_file(rel, sets);
  EXPECT_EQ(reports.size(), 1u);
  return reports.empty() ? RunReport{} : reports.front();
}

/// The API named `api` of design `design`, or a default instance (and a failure).
inline const ApiReport& api_of(const RunReport& r, const std::string& design,
                               const std::string& api) {
  for (const auto& d : r.designs())
    if (d.name() == design)
      for (const auto& a : d.apis())
        if (a.name() == api) return a;
  ADD_FAILURE() << "no api " << design << "/" << api;
  return ApiReport::default_instance();
}

/// The service `name`, or a default instance (and a failure).
inline const ServiceReport& service_of(const RunReport& r, const std::string& name) {
  for (const auto& d : r.designs())
    for (const auto& s : d.services())
      if (s.name() == name) return s;
  ADD_FAILURE() << "no service " << name;
  return ServiceReport::default_instance();
}

/// The figure `name` of the run's first design, or 0 (and a failure).
inline double figure_of(const RunReport& r, const std::string& name) {
  for (const auto& f : r.designs(0).figures())
    if (f.name() == name) return f.value();
  ADD_FAILURE() << "no figure " << name;
  return 0;
}

/// How many of an API's requests ended with error `kind`.
inline uint64_t errors_of(const ApiReport& a, const std::string& kind) {
  for (const auto& e : a.errors())
    if (e.kind() == kind) return e.count();
  return 0;
}

/// Every engine check and design check passed.
inline void expect_all_checks_ok(const RunReport& r) {
  for (const auto& c : r.checks()) EXPECT_TRUE(c.ok()) << c.name() << ": " << c.detail();
  for (const auto& d : r.designs())
    for (const auto& c : d.checks()) EXPECT_TRUE(c.ok()) << c.name() << ": " << c.detail();
}

/// The report without what depends on the host (wall time, host figures, the build).
inline RunReport without_host(RunReport r) {
  r.clear_wall_s();
  r.clear_host();
  r.clear_commit();
  return r;
}

/// What the run's fault timeline says happened, in order.
inline std::vector<std::string> fault_events(const RunReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.faults()) out.push_back(f.what());
  return out;
}

/// A scenario with three nodes whose n2 is killed and restarted, under the virtual clock:
/// replayed byte for byte, every node served, n2 lost once and back once, all checks ok.
/// Returns the report for the design's own assertions.
inline RunReport expect_three_nodes_recover_node_n2(const std::string& rel,
                                                    std::vector<std::string> sets = {}) {
  sets.push_back("clock=VIRTUAL");
  const auto a = run_one(rel, sets);
  const auto b = run_one(rel, sets);
  EXPECT_EQ(without_host(a).SerializeAsString(), without_host(b).SerializeAsString());
  EXPECT_EQ(fault_events(a), (std::vector<std::string>{"kill node n2", "node n2 lost",
                                                       "restart node n2", "node n2 rejoined"}));
  EXPECT_EQ(a.nodes_size(), 3);
  for (const auto& n : a.nodes()) EXPECT_GT(n.requests(), 0u) << n.name();
  if (a.nodes_size() == 3) {
    EXPECT_EQ(a.nodes(1).losses(), 1u);
    EXPECT_EQ(a.nodes(1).rejoins(), 1u);
  }
  expect_all_checks_ok(a);
  return a;
}

}  // namespace sdsim::testing
