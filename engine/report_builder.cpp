// Merging and judging. Histograms merge exactly; series add element-wise.
#include "engine/report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "actors/core/error_kind.hpp"
#include "actors/core/histogram.hpp"
#include "actors/core/report_entries.hpp"
#include "actors/core/summary_stats.hpp"
#include "engine/thresholds.hpp"

namespace sdsim::scenarios {
namespace {

using core::histogram;

// A service whose servers are booked this far ahead when arrivals stop cannot keep up.
constexpr double unstable_backlog_fraction = 0.1;
constexpr double unstable_backlog_min_s = 1.0;
// Little's law is an identity on the window once its edges are counted: only the rounding of
// sums of doubles may part its two sides.
constexpr double little_rounding = 1e-6;
constexpr uint64_t mailbox_limit = 10000;

template <class T>
void add_series(std::vector<T>& into, const google::protobuf::RepeatedField<T>& from) {
  if (static_cast<std::size_t>(from.size()) > into.size()) into.resize(from.size(), T{});
  for (int i = 0; i < from.size(); ++i) into[i] += from.Get(i);
}

struct api_sum {
  uint64_t sent = 0, late_replies = 0, late_arrivals = 0, in_flight = 0;
  std::map<std::string, uint64_t> outcomes;
  histogram latency;
  std::vector<uint64_t> counts;
  std::vector<double> sums;
};

struct service_sum {
  uint32_t instances = 0, servers = 0;
  uint64_t arrivals = 0, queue_max = 0, rejected = 0;
  double busy = 0, area = 0, sojourn_sum = 0, edge = 0, backlog_max = 0, busy_max = 0;
  uint64_t sojourn_count = 0;
  std::vector<uint64_t> queue;
};

void summarize_latency(const histogram& h, const core::mean_ci& ci, LatencySummary* out) {
  out->set_mean(h.mean() / 1e6);
  out->set_p50(h.quantile(0.5) / 1e6);
  out->set_p90(h.quantile(0.9) / 1e6);
  out->set_p99(h.quantile(0.99) / 1e6);
  out->set_p999(h.quantile(0.999) / 1e6);
  out->set_max(static_cast<double>(h.max()) / 1e6);
  out->set_mean_ci95(ci.half_width / 1e6);
}

// What supervisors did when their children crashed, in time order, with two figures: the
// restarts and the times a supervisor gave up. Nothing when no supervised actor crashed.
void add_supervision(const std::vector<ActorMetrics>& metrics, DesignReport* out) {
  std::vector<SupervisionEvent> events;
  for (const auto& m : metrics)
    for (const auto& e : m.supervision()) events.push_back(e);
  if (events.empty()) return;
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return a.at_ns() != b.at_ns() ? a.at_ns() < b.at_ns() : a.child() < b.child();
  });
  const auto restarted = std::count_if(events.begin(), events.end(),
                                       [](const auto& e) { return e.restarted(); });
  core::add_figure(out, "supervised_restarts", static_cast<double>(restarted));
  core::add_figure(out, "supervisors_gave_up", static_cast<double>(events.size() - restarted));
  for (auto& e : events) *out->add_supervision() = std::move(e);
}

}  // namespace

void build_design_report(const core::design& d, const std::vector<ActorMetrics>& metrics,
                         const report_inputs& in, DesignReport* out) {
  out->set_name(d.name());
  std::map<std::string, api_sum> apis;
  std::map<std::string, service_sum> services;
  for (const auto& m : metrics) {
    for (const auto& a : m.apis()) {
      auto& s = apis[a.api()];
      s.sent += a.sent();
      s.late_replies += a.late_replies();
      s.late_arrivals += a.late_arrivals();
      s.in_flight += a.in_flight_at_end();
      for (const auto& o : a.outcomes()) s.outcomes[o.kind()] += o.count();
      s.latency.merge(histogram::from_proto(a.latency_ns()));
      add_series(s.counts, a.per_second_count());
      add_series(s.sums, a.per_second_latency_sum_ns());
    }
    for (const auto& sv : m.services()) {
      auto& s = services[sv.name()];
      ++s.instances;
      s.servers = sv.servers();
      s.arrivals += sv.arrivals();
      s.queue_max = std::max(s.queue_max, sv.queue_max());
      s.rejected += sv.rejected();
      s.busy += sv.busy_ns();
      s.busy_max = std::max(s.busy_max, sv.busy_ns());
      s.area += sv.area_in_system_ns();
      s.sojourn_sum += sv.sojourn_sum_ns();
      s.edge += sv.edge_in_system_ns();
      s.sojourn_count += sv.sojourn_count();
      s.backlog_max = std::max(s.backlog_max, sv.backlog_ns_at_end());
      add_series(s.queue, sv.queue_depth_per_s());
    }
  }
  // APIs in the design's own order, so reports read the same every time.
  for (const auto& name : d.apis()) {
    auto it = apis.find(name);
    if (it == apis.end()) continue;
    const auto& s = it->second;
    auto* a = out->add_apis();
    a->set_name(name);
    a->set_requests(s.sent);
    a->set_ok(s.outcomes.count("ok") ? s.outcomes.at("ok") : 0);
    for (std::size_t k = 1; k < core::outcome_count; ++k) {
      const auto kind = static_cast<core::outcome>(k);
      auto c = s.outcomes.find(std::string{core::name(kind)});
      if (c == s.outcomes.end() || c->second == 0) continue;
      auto* e = a->add_errors();
      e->set_kind(c->first);
      e->set_definite(core::is_definite(kind));
      e->set_count(c->second);
    }
    a->set_throughput_rps(in.measured_s > 0 ? a->ok() / in.measured_s : 0);
    a->set_offered_rps(in.measured_s > 0 ? s.sent / in.measured_s : 0);
    summarize_latency(s.latency, core::batch_means(s.counts, s.sums), a->mutable_latency_ms());
    a->set_in_flight_at_end(s.in_flight);
    a->set_late_replies(s.late_replies);
    a->set_late_arrivals(s.late_arrivals);
    for (auto c : s.counts) a->add_throughput_per_s(static_cast<double>(c));
  }
  for (const auto& spec : d.services()) {
    auto it = services.find(spec.name);
    if (it == services.end()) continue;
    const auto& s = it->second;
    auto* r = out->add_services();
    r->set_name(spec.name);
    r->set_instances(s.instances);
    r->set_servers(s.servers);
    const double capacity_ns = static_cast<double>(s.servers) * s.instances * in.measured_s * 1e9;
    r->set_utilization(capacity_ns > 0 ? s.busy / capacity_ns : 0);
    r->set_utilization_max(capacity_ns > 0 ? s.busy_max * s.instances / capacity_ns : 0);
    r->set_queue_max(s.queue_max);
    const double backlog_limit_s =
        std::max(unstable_backlog_min_s, unstable_backlog_fraction * in.measured_s);
    r->set_unstable(s.servers > 0 &&
                    (r->utilization() >= 1.0 || s.backlog_max / 1e9 >= backlog_limit_s));
    r->set_arrivals(s.arrivals);
    if (in.measured_s > 0) r->set_arrival_rate_per_s(s.arrivals / in.measured_s);
    if (in.observed_s > 0) {
      r->set_mean_in_system(s.area / (in.observed_s * 1e9));
      r->set_sojourn_in_system(s.sojourn_sum / (in.observed_s * 1e9));
      r->set_edge_in_system(s.edge / (in.observed_s * 1e9));
    }
    r->set_mean_sojourn_ms(s.sojourn_count ? s.sojourn_sum / s.sojourn_count / 1e6 : 0);
    for (auto q : s.queue) r->add_queue_depth_per_s(q);
    r->set_rejected(s.rejected);
  }
  add_supervision(metrics, out);
}

void finish_run_report(const Scenario& sc, const std::vector<ActorMetrics>& metrics,
                       const report_inputs& in, RunReport* report) {
  auto* checks = report->mutable_checks();
  // Conservation: every measured request ended in exactly one outcome.
  for (const auto& d : report->designs()) {
    for (const auto& a : d.apis()) {
      uint64_t ended = a.ok();
      for (const auto& e : a.errors()) ended += e.count();
      core::add_check(checks, fmt::format("{}/{}: requests conserved", d.name(), a.name()),
                ended == a.requests(),
                fmt::format("sent {} = ok {} + errors {}", a.requests(), a.ok(), ended - a.ok()));
    }
  }
  // Little's law on every service: L (time-averaged, from event times) = lambda W (from each
  // request's arrival and departure) + the window time of requests at its edges.
  for (const auto& d : report->designs()) {
    for (const auto& s : d.services()) {
      if (s.arrivals() == 0 || in.observed_s <= 0) continue;
      const double lw = s.sojourn_in_system() + s.edge_in_system();
      const double err = lw > 0 ? (s.mean_in_system() - lw) / lw : 0;
      core::add_check(checks, fmt::format("{}: Little's law L = lambda W", s.name()),
                      std::fabs(err) <= little_rounding,
                      fmt::format("L {:.4f}, lambda W {:.4f} + {:.4f} at the window's edges "
                                  "({:+.4f} %)",
                                  s.mean_in_system(), s.sojourn_in_system(), s.edge_in_system(),
                                  100 * err));
    }
  }
  // Host: how late arrivals and due messages were handled, against the threshold.
  histogram gen_lag, handler_lag;
  uint64_t mailbox_max = 0;
  for (const auto& m : metrics) {
    gen_lag.merge(histogram::from_proto(m.host().generator_lag_ns()));
    handler_lag.merge(histogram::from_proto(m.host().handler_lag_ns()));
    mailbox_max = std::max(mailbox_max, m.host().mailbox_max());
  }
  auto* host = report->mutable_host();
  host->set_generator_lag_ms_p99(gen_lag.quantile(0.99) / 1e6);
  host->set_handler_lag_ms_p99(handler_lag.quantile(0.99) / 1e6);
  host->set_mailbox_max(mailbox_max);
  report->set_generator_lag_ms_p99(host->generator_lag_ms_p99());
  std::string reason;
  if (host->generator_lag_ms_p99() > in.lag_threshold_ms)
    reason = fmt::format("arrivals left {:.1f} ms (simulated) late at p99 (threshold {} ms)",
                         host->generator_lag_ms_p99(), in.lag_threshold_ms);
  else if (host->handler_lag_ms_p99() > in.lag_threshold_ms)
    reason = fmt::format("due messages were handled {:.1f} ms (simulated) late at p99 (threshold {} ms)",
                         host->handler_lag_ms_p99(), in.lag_threshold_ms);
  else if (mailbox_max > mailbox_limit)
    reason = fmt::format("a mailbox grew to {} messages", mailbox_max);
  report->set_saturated(!reason.empty());
  report->set_saturation_reason(reason);
  std::vector<const ServiceReport*> services;
  std::vector<service_weight> weights;
  for (const auto& d : report->designs())
    for (const auto& s : d.services()) {
      services.push_back(&s);
      weights.push_back({s.unstable(), s.utilization()});
    }
  if (auto worst = bottleneck_index(weights)) report->set_bottleneck(services[*worst]->name());
  evaluate_thresholds(sc, report);
}

std::optional<std::size_t> bottleneck_index(const std::vector<service_weight>& services) {
  std::optional<std::size_t> worst;
  for (std::size_t i = 0; i < services.size(); ++i)
    if (!worst || std::make_pair(services[i].unstable, services[i].utilization) >
                      std::make_pair(services[*worst].unstable, services[*worst].utilization))
      worst = i;
  return worst;
}

int exit_code_of(const RunReport& r) {
  if (r.saturated()) return 3;
  for (const auto& c : r.checks())
    if (!c.ok()) return 1;
  for (const auto& d : r.designs())
    for (const auto& c : d.checks())
      if (!c.ok()) return 1;
  for (const auto& t : r.thresholds())
    if (!t.ok()) return 1;
  return 0;
}

}  // namespace sdsim::scenarios
