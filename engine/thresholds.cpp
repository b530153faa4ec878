// Threshold evaluation against a finished report.
#include "engine/thresholds.hpp"

#include <fmt/format.h>

namespace sdsim::scenarios {
namespace {

void add(RunReport* r, std::string what, bool ok, double actual) {
  auto* t = r->add_thresholds();
  t->set_description(std::move(what));
  t->set_ok(ok);
  t->set_actual(actual);
}

const DesignReport* find_design(const RunReport& r, const Threshold& t) {
  for (const auto& d : r.designs())
    if (d.name() == t.design() || (t.design().empty() && r.designs_size() == 1)) return &d;
  return nullptr;
}

void evaluate_api(const Threshold& t, const ApiReport& a, RunReport* r) {
  const auto& l = a.latency_ms();
  if (t.has_latency_ms_p50_max())
    add(r, fmt::format("{} p50 <= {} ms", a.name(), t.latency_ms_p50_max()),
        l.p50() <= t.latency_ms_p50_max(), l.p50());
  if (t.has_latency_ms_p99_max())
    add(r, fmt::format("{} p99 <= {} ms", a.name(), t.latency_ms_p99_max()),
        l.p99() <= t.latency_ms_p99_max(), l.p99());
  if (t.has_latency_ms_mean_max())
    add(r, fmt::format("{} mean <= {} ms", a.name(), t.latency_ms_mean_max()),
        l.mean() <= t.latency_ms_mean_max(), l.mean());
  if (t.has_error_rate_max()) {
    uint64_t errors = 0;
    for (const auto& e : a.errors()) errors += e.count();
    const double rate = a.requests() ? static_cast<double>(errors) / a.requests() : 0;
    add(r, fmt::format("{} error rate <= {}", a.name(), t.error_rate_max()),
        rate <= t.error_rate_max(), rate);
  }
  if (t.has_throughput_rps_min())
    add(r, fmt::format("{} throughput >= {} rps", a.name(), t.throughput_rps_min()),
        a.throughput_rps() >= t.throughput_rps_min(), a.throughput_rps());
}

}  // namespace

void evaluate_thresholds(const Scenario& s, RunReport* report) {
  for (const auto& t : s.threshold()) {
    const DesignReport* d = find_design(*report, t);
    if (!d) continue;  // validation guarantees the design runs
    if (!t.api().empty()) {
      bool found = false;
      for (const auto& a : d->apis())
        if (a.name() == t.api()) {
          evaluate_api(t, a, report);
          found = true;
        }
      if (!found) add(report, fmt::format("{} saw requests", t.api()), false, 0);
      continue;
    }
    const Figure* f = nullptr;
    for (const auto& x : d->figures())
      if (x.name() == t.figure()) f = &x;
    if (!f) {
      add(report, fmt::format("figure {} reported", t.figure()), false, 0);
      continue;
    }
    if (t.has_min())
      add(report, fmt::format("{} >= {}", t.figure(), t.min()), f->value() >= t.min(), f->value());
    if (t.has_max())
      add(report, fmt::format("{} <= {}", t.figure(), t.max()), f->value() <= t.max(), f->value());
  }
}

}  // namespace sdsim::scenarios
