// Plain-text tables; widths fixed so that columns line up in any terminal.
#include "engine/report_text.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine/json_text.hpp"

namespace sdsim::scenarios {
namespace {

std::string errors_of(const ApiReport& a) {
  std::string out;
  for (const auto& e : a.errors())
    out += fmt::format("{}{} {} ({})", out.empty() ? "" : ", ", e.count(), e.kind(),
                       e.definite() ? "definite" : "indefinite");
  return out.empty() ? "none" : out;
}

void render_design(const DesignReport& d, std::string& out) {
  out += fmt::format("\n{}\n", d.name());
  out += fmt::format("  {:<16} {:>10} {:>10} {:>10} {:>16} {:>9} {:>9} {:>9} {:>9}\n", "api",
                     "requests", "ok", "rps", "mean ms (95% CI)", "p50", "p90", "p99", "max");
  for (const auto& a : d.apis()) {
    const auto& l = a.latency_ms();
    out += fmt::format("  {:<16} {:>10} {:>10} {:>10.1f} {:>9.3f} ±{:<6.3f} {:>9.3f} {:>9.3f} "
                       "{:>9.3f} {:>9.3f}\n",
                       a.name(), a.requests(), a.ok(), a.throughput_rps(), l.mean(),
                       l.mean_ci95(), l.p50(), l.p90(), l.p99(), l.max());
    out += fmt::format("  {:<16} errors: {}{}\n", "", errors_of(a),
                       a.late_arrivals() ? fmt::format("; {} arrivals sent late by the host",
                                                       a.late_arrivals())
                                         : "");
  }
  if (d.services_size() > 0) {
    out += fmt::format("  {:<24} {:>9} {:>8} {:>11} {:>9} {:>9} {:>9}  {}\n", "service",
                       "instances", "servers", "utilization", "busiest", "queue max", "W ms", "");
    for (const auto& s : d.services())
      out += fmt::format("  {:<24} {:>9} {:>8} {:>10.1f}% {:>8.1f}% {:>9} {:>9.3f}  {}\n",
                         s.name(), s.instances(), s.servers() == 0 ? std::string{"inf"} :
                         std::to_string(s.servers()), 100 * s.utilization(),
                         100 * s.utilization_max(), s.queue_max(),
                         s.mean_sojourn_ms(),
                         s.unstable() ? "UNSTABLE: offered load exceeds capacity" : "");
  }
  for (const auto& f : d.figures()) {
    // Large values in full (56538, not 5.654e+04); small ones to four significant digits.
    const bool whole = std::fabs(f.value()) >= 1000 && std::fabs(f.value()) < 1e15;
    out += fmt::format("  {} = {}{}{}\n", f.name(),
                       whole ? fmt::format("{:.0f}", f.value()) : fmt::format("{:.4g}", f.value()),
                       f.unit().empty() ? "" : " ", f.unit());
  }
  for (const auto& e : d.supervision()) {
    const auto outcome = e.restarted()
                             ? std::string{"restarted by its supervisor"}
                             : fmt::format("not restarted: more than {} restarts within {:g} s, "
                                           "it stays down", e.max_restarts(), e.window_s());
    out += fmt::format("  crash at {:.3f} s: {} ({}) — {}\n", e.at_ns() / 1e9, e.child(),
                       e.reason(), outcome);
  }
  for (const auto& c : d.checks())
    out += fmt::format("  [{}] {}{}\n", c.ok() ? "ok" : "FAILED", c.name(),
                       c.detail().empty() ? "" : " — " + c.detail());
}

}  // namespace

std::string render_summary(const RunReport& r) {
  std::string out;
  out += fmt::format("{}{}{}\n", r.scenario().empty() ? r.file() : r.scenario(),
                     r.variant().empty() ? "" : " [variant " + r.variant() + "]",
                     r.partial() ? "  (PARTIAL: interrupted)" : "");
  out += fmt::format("clock {} speed {}  seed {}  {:.1f} of {:g} s of arrivals ({:g} s warm-up, "
                     "{:.1f} s measured) in {:.1f} s wall\n",
                     r.clock(), r.speed(), r.seed(), r.measured_s() + r.warmup_s(), r.duration_s(),
                     r.warmup_s(), r.measured_s(), r.wall_s());
  for (const auto& f : r.faults())
    out += fmt::format("fault at {:.1f} s: {} — {}\n", f.at_s(), f.what(), f.result());
  for (const auto& d : r.designs()) render_design(d, out);
  out += "\n";
  if (!r.bottleneck().empty()) out += fmt::format("bottleneck: {}\n", r.bottleneck());
  for (const auto& c : r.checks())
    out += fmt::format("[{}] {}{}\n", c.ok() ? "ok" : "FAILED", c.name(),
                       c.detail().empty() ? "" : " — " + c.detail());
  for (const auto& t : r.thresholds())
    out += fmt::format("[{}] threshold {} (actual {:.4g})\n", t.ok() ? "ok" : "FAILED",
                       t.description(), t.actual());
  out += fmt::format("host: generator lag p99 {:.3f} ms, handler lag p99 {:.3f} ms, mailbox max "
                     "{}, {:.1f} sim s per wall s\n",
                     r.host().generator_lag_ms_p99(), r.host().handler_lag_ms_p99(),
                     r.host().mailbox_max(), r.host().sim_seconds_per_wall_second());
  for (const auto& n : r.nodes()) {
    // Requests served count the actors collected at the end: not a lost node's, nor those of
    // a node's actors from before it was lost and came back.
    const std::string history =
        n.losses() == 0 ? ""
                        : fmt::format(" (lost {} time{}, rejoined {})", n.losses(),
                                      n.losses() == 1 ? "" : "s", n.rejoins());
    out += fmt::format("node {} at {}{}: {} shard{}, {}{}\n", n.name(), n.address(),
                       n.launched() ? " (launched)" : "", n.shards(), n.shards() == 1 ? "" : "s",
                       n.lost() ? "LOST during the run (requests it served unknown)"
                                : fmt::format("{} requests served", n.requests()),
                       history);
  }
  if (r.host().events() > 0 && r.wall_s() > 0)
    out += fmt::format("virtual clock: {} events in {:.2f} s wall ({:.2f}M events/s)\n",
                       r.host().events(), r.wall_s(), r.host().events() / r.wall_s() / 1e6);
  if (r.saturated())
    out += fmt::format("\n*** SATURATED: the host could not keep up ({}).\n*** These results are "
                       "NOT valid measurements; lower `speed` or the load.\n",
                       r.saturation_reason());
  return out;
}

std::string render_comparison(const std::vector<RunReport>& runs) {
  std::string out = fmt::format("\n{:<20} {:<12} {:<16} {:>10} {:>10} {:>10} {:>10}  {}\n",
                                "variant", "design", "api", "rps", "mean ms", "p99 ms",
                                "errors", "bottleneck");
  for (const auto& r : runs)
    for (const auto& d : r.designs())
      for (const auto& a : d.apis()) {
        uint64_t errors = 0;
        for (const auto& e : a.errors()) errors += e.count();
        out += fmt::format("{:<20} {:<12} {:<16} {:>10.1f} {:>7.3f}±{:<5.2g} {:>10.3f} {:>10}  {}{}\n",
                           r.variant(), d.name(), a.name(), a.throughput_rps(),
                           a.latency_ms().mean(), a.latency_ms().mean_ci95(), a.latency_ms().p99(),
                           errors, r.bottleneck(), r.saturated() ? " SATURATED" : "");
      }
  return out;
}

std::string to_json(const std::vector<RunReport>& runs) {
  if (runs.size() == 1) return to_json_text(runs.front());
  ReportFile f;
  f.set_schema_version(1);
  if (!runs.empty()) f.set_scenario(runs.front().scenario());
  for (const auto& r : runs) *f.add_runs() = r;
  return to_json_text(f);
}

}  // namespace sdsim::scenarios
