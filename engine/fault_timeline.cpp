// The fault timeline: undo events for the faults that last, pause notices for simulated
// nodes, stable time order (faults at the same instant keep the scenario's order).
#include "engine/fault_timeline.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/cluster_run.hpp"

namespace sdsim::scenarios {
namespace {


// How long a node fault lasts before its end is carried out (0: to the end of the run).
double node_fault_for_s(const Fault& f) {
  if (f.has_node_kill()) return f.node_kill().restart_after_s();
  if (f.has_node_pause()) return f.node_pause().for_s();
  if (f.has_partition()) return f.partition().for_s();
  if (f.has_link()) return f.link().for_s();
  return 0;
}

// The service a fault names.
const std::string& fault_service(const Fault& f) {
  if (f.has_slow()) return f.slow().service();
  if (f.has_kill()) return f.kill().service();
  if (f.has_fail()) return f.fail().service();
  return f.restart().service();
}

}  // namespace

std::size_t fault_design(const Fault& f, const std::vector<const core::design*>& enabled) {
  std::size_t design = 0;
  for (std::size_t i = 0; i < enabled.size(); ++i)
    for (const auto& svc : enabled[i]->services())
      if (svc.name == fault_service(f)) design = i;
  return design;
}

std::vector<fault_event> fault_timeline(const Scenario& s,
                                        const std::vector<const core::design*>& enabled,
                                        const cluster_run* cluster) {
  std::vector<fault_event> out;
  for (const auto& f : s.fault()) {
    fault_event e{core::from_s(f.at_s()), f, fault_design(f, enabled)};
    out.push_back(e);
    if (auto at = cluster ? cluster->pause_noticed_at(f, e.at) : std::nullopt)
      out.push_back({*at, f, e.design, false, true});
    fault_event undo = e;
    if (f.has_slow() && f.slow().for_s() > 0) {
      undo.fault.set_at_s(f.at_s() + f.slow().for_s());
      undo.fault.mutable_slow()->set_factor(1.0);
      undo.fault.mutable_slow()->set_for_s(0);
    } else if (f.has_fail() && f.fail().for_s() > 0) {
      undo.fault.set_at_s(f.at_s() + f.fail().for_s());
      undo.fault.mutable_fail()->set_rate(0);
      undo.fault.mutable_fail()->set_for_s(0);
    } else if (f.has_kill() && f.kill().restart_after_s() > 0) {
      undo.fault.set_at_s(f.at_s() + f.kill().restart_after_s());
      undo.fault.mutable_restart()->set_service(f.kill().service());
      undo.fault.mutable_restart()->set_shard(f.kill().shard());
    } else if (node_fault_for_s(f) > 0) {
      undo.fault.set_at_s(f.at_s() + node_fault_for_s(f));
      undo.undo = true;
    } else {
      continue;
    }
    undo.at = core::from_s(undo.fault.at_s());
    out.push_back(undo);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const fault_event& a, const fault_event& b) { return a.at < b.at; });
  return out;
}

std::string describe(const Fault& f) {
  if (f.has_slow())
    return f.slow().factor() == 1.0
               ? "slow " + f.slow().service() + " ends"
               : fmt::format("slow {} x{:g}", f.slow().service(), f.slow().factor());
  if (f.has_fail())
    return f.fail().rate() == 0 ? "failures of " + f.fail().service() + " end"
                                : fmt::format("fail {} {:g}%", f.fail().service(),
                                              100 * f.fail().rate());
  if (f.has_kill()) return fmt::format("kill {}/{}", f.kill().service(), f.kill().shard());
  if (f.has_restart())
    return fmt::format("restart {}/{}", f.restart().service(), f.restart().shard());
  return cluster_run::describe(f, false);
}


}  // namespace sdsim::scenarios
