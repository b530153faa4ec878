// One run: spawn the designs, start sim time, let arrivals run, drain, collect, report.
#include "scenarios/engine.hpp"

#include <chrono>
#include <thread>
#include <algorithm>
#include <functional>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/type_id.hpp>

#include <fmt/format.h>

#include "actors/core/messages.hpp"
#include "scenarios/calendar.hpp"
#include "actors/core/sqlite_store.hpp"
#include "scenarios/cluster_run.hpp"
#include "scenarios/cost_marks.hpp"
#include "scenarios/json_text.hpp"
#include "scenarios/progress.hpp"
#include "scenarios/report_builder.hpp"
#include "scenarios/run_driver.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sdsim_version.hpp"

namespace sdsim::scenarios {
namespace {

using core::sim_ns;

constexpr double default_drain_s = 10;
constexpr double default_lag_threshold_ms = 5;

// Asks every actor in `to` the same question and waits for each answer, under either clock;
// an actor that cannot answer (`reachable` says so: its node is lost) counts as T{}.
template <class T, class Atom>
std::vector<T> ask_all(caf::actor_system& sys, run_driver& driver,
                       const std::vector<caf::actor>& to, Atom atom,
                       const std::function<bool(const caf::actor&)>& reachable) {
  caf::scoped_actor self{sys};
  std::vector<T> out;
  for (const auto& a : to) {
    if (reachable && !reachable(a)) {
      out.push_back(T{});
      continue;
    }
    // A node lost while the request is on its way leaves it unanswered: bounded wait then.
    const caf::duration wait = reachable ? caf::duration{std::chrono::seconds(5)}
                                         : caf::duration{caf::infinite};
    auto handle = self->request(a, wait, atom);
    driver.settle();
    handle.receive([&](T& x) { out.push_back(std::move(x)); },
                   [&](caf::error&) { out.push_back(T{}); });
  }
  return out;
}

core::service_spec resolve_service(const Scenario& s,
                                   const std::vector<const core::design*>& enabled,
                                   const std::string& name) {
  core::service_spec spec;
  spec.name = name;
  for (const auto* d : enabled)
    for (const auto& svc : d->services())
      if (svc.name == name) spec = svc;
  for (const auto& t : s.topology().service()) {
    if (t.name() != name) continue;
    if (t.has_shards()) spec.default_shards = t.shards();
    if (t.has_capacity()) {
      if (t.capacity().has_service_time())
        *spec.default_capacity.mutable_service_time() = t.capacity().service_time();
      if (t.capacity().has_servers()) spec.default_capacity.set_servers(t.capacity().servers());
      if (t.capacity().queue_limit() != 0)
        spec.default_capacity.set_queue_limit(t.capacity().queue_limit());
    }
    if (t.supervisor().has_max_restarts())
      spec.restart_limit.max_restarts = t.supervisor().max_restarts();
    if (t.supervisor().has_window_s())
      spec.restart_limit.window = core::from_s(t.supervisor().window_s());
  }
  return spec;
}

// The scenario's faults in time order, each with the design that carries it out; a `slow`
// with a duration gets its own undo event.
struct fault_event {
  sim_ns at = 0;
  Fault fault;
  std::size_t design = 0;
  bool undo = false;     // the end of a node fault with a duration
  bool noticed = false;  // a simulated node's pause, declared dead (its timeout passed)
};

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

// The design whose service `f` names (the first one when none does).
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

}  // namespace

RunReport run_scenario(const Scenario& s, const std::string& file, const std::string& variant,
                       const core::design_registry& designs, const run_options& opts) {
  // The process's own start (loading libraries, parsing the scenario) is not the run's setup.
  end_cost_phase("start");
  const bool is_virtual = s.clock() == VIRTUAL;
  const double speed = is_virtual ? 1.0 : (s.has_speed() ? s.speed() : 1.0);
  const uint32_t threads = s.host().has_worker_threads()
                               ? s.host().worker_threads()
                               : std::max(2u, std::thread::hardware_concurrency());
  const double lag_threshold_ms =
      s.host().has_lag_threshold_ms() ? s.host().lag_threshold_ms() : default_lag_threshold_ms;
  const double warmup_s = s.has_warmup_s() ? s.warmup_s() : 0;
  const double drain_s = s.has_drain_s() ? s.drain_s() : default_drain_s;
  const std::string start_time = s.start_time().empty() ? default_start_time : s.start_time();

  const auto enabled = enabled_designs(s, designs);
  // Nodes are launched before the actor system exists: fork with a single thread.
  auto cluster = cluster_run::make(s, enabled);
  caf::actor_system_config cfg;
  run_driver::configure(cfg, s.clock(), threads);
  if (cluster) cluster->configure(cfg);
  // The clock outlives the actor system: the system's destructor waits for the actors, and
  // an actor still finishing a message may read the clock until then.
  std::unique_ptr<core::sim_clock> clock_owner;
  caf::actor_system sys{cfg};
  clock_owner = std::make_unique<core::sim_clock>(sys.clock(), speed);
  core::sim_clock& clock = *clock_owner;
  auto driver = run_driver::make(sys, s.clock(), clock);

  std::vector<caf::actor> sources;
  std::vector<std::size_t> source_design;  // which design each source belongs to
  std::vector<caf::actor> actors;
  core::run_context ctx{sys, clock};
  ctx.seed = s.has_seed() ? s.seed() : 1;
  ctx.warmup = core::from_s(warmup_s);
  ctx.arrivals_end = core::from_s(s.duration_s());
  ctx.day_offset_s = static_cast<double>(parse_utc(start_time).value_or(0) % 86400);
  ctx.host_lag_threshold = core::from_ms(lag_threshold_ms);
  // Real clock: delays share timers on a 100 us wall grid, far below the latencies modeled.
  ctx.timer_quantum = is_virtual ? 0 : static_cast<sim_ns>(100'000 * speed);
  ctx.service = [&](const std::string& name) { return resolve_service(s, enabled, name); };
  ctx.add_actor = [&](caf::actor a) { actors.push_back(std::move(a)); };
  ctx.settle = [&] { driver->settle(); };
  // Ends the nodes' part before the actor system goes, also when a node refuses mid-start.
  struct cluster_end {
    cluster_run* c;
    ~cluster_end() { if (c) c->end(); }
  } end_cluster{cluster.get()};
  if (cluster) cluster->connect(sys, speed, ctx);

  std::vector<std::unique_ptr<core::design_run>> runs;
  for (std::size_t i = 0; i < enabled.size(); ++i) {
    // Each design gets its own registration function, which it may keep for actors it
    // spawns later (a restarted shard).
    ctx.add_metric_source = [&sources, &source_design, &actors, i](caf::actor a) {
      sources.push_back(a);
      source_design.push_back(i);
      actors.push_back(std::move(a));
    };
    runs.push_back(enabled[i]->start(ctx, design_config(s, *enabled[i])));
  }
  driver->settle();

  // Sim time starts now; an instruction counter watching the process counts from here.
  end_cost_phase("setup");
  const uint64_t statements_before = core::sqlite_store::statements_run();
  const uint64_t events_before = driver->events();
  const auto wall_start = std::chrono::steady_clock::now();
  clock.begin();
  if (cluster) cluster->begin(clock);
  for (auto& r : runs) r->start_traffic();
  progress bar(opts.quiet, s.duration_s() , is_virtual);
  RunReport report;
  // Faults a viewer asks for are applied between the driver's polls, on this thread, and
  // recorded like scheduled ones.
  auto record_fault = [&](sim_ns at, const Fault& f, const std::string& why, bool undo = false) {
    auto* fe = report.add_faults();
    fe->set_at_s(core::to_s(static_cast<double>(at)));
    fe->set_what(cluster_run::is_node_fault(f) ? cluster_run::describe(f, undo) : describe(f));
    fe->set_result(why.empty() ? "applied" : why);
  };
  // Node faults go to the cluster, the others to the design whose service they name.
  auto carry_out = [&](const Fault& f, bool undo) -> std::string {
    if (!cluster_run::is_node_fault(f)) return runs[fault_design(f, enabled)]->apply_fault(f);
    return cluster ? cluster->apply_fault(f, undo, runs) : "this run places nothing on nodes";
  };
  auto tick = [&](sim_ns now) {
    bar.update(core::to_s(static_cast<double>(now)));
    if (cluster) cluster->poll(runs, &report);
    if (!opts.live) return;
    for (auto& f : opts.live->take_faults()) {
      const std::string why = carry_out(f, false);
      f.set_at_s(core::to_s(static_cast<double>(now)));
      record_fault(now, f, why);
      opts.live->applied({f, why.empty() ? "applied" : why});
    }
  };
  auto interrupted = [&] { return opts.interrupted && opts.interrupted->load(); };
  if (opts.live) {
    live_run lr{&sys, &clock, s.duration_s(), {}};
    for (std::size_t i = 0; i < enabled.size(); ++i) lr.designs.push_back({enabled[i], runs[i]->live()});
    opts.live->attach(lr);
  }

  // Faults split the run into phases: run to the next fault, carry it out, go on.
  auto faults = fault_timeline(s, enabled, cluster.get());
  std::size_t next_fault = 0;
  auto run_to = [&](sim_ns until, const std::function<bool()>& stop) {
    for (;;) {
      const bool fault_first = next_fault < faults.size() && faults[next_fault].at <= until;
      driver->run_until(fault_first ? faults[next_fault].at : until, stop, tick);
      if (!fault_first || stop()) return;
      const auto& e = faults[next_fault++];
      if (e.noticed) cluster->notice_pause(e.fault);
      else record_fault(e.at, e.fault, carry_out(e.fault, e.undo), e.undo);
      driver->settle();
    }
  };

  run_to(ctx.arrivals_end, interrupted);
  const bool partial = interrupted();
  const sim_ns arrivals_stopped = partial ? clock.now() : ctx.arrivals_end;
  // The pace while traffic ran (the drain, nearly idle, would flatter it).
  const double loaded_wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (partial) {
    for (auto& r : runs) r->stop_traffic();
    driver->settle();
  }
  // The bounded drain: in-flight requests get `drain_s` to finish; what is left then is a
  // timeout. It ends early once nothing is in flight.
  const sim_ns drain_end = arrivals_stopped + core::from_s(drain_s);
  std::function<bool(const caf::actor&)> reachable;
  if (cluster) reachable = [&](const caf::actor& a) { return cluster->reachable(a); };
  auto nothing_in_flight = [&] {
    uint64_t n = 0;
    for (auto x : ask_all<uint64_t>(sys, *driver, sources, caf::get_atom_v, reachable)) n += x;
    return n == 0;
  };
  run_to(drain_end, nothing_in_flight);
  if (cluster) cluster->poll(runs, &report);   // what the last fault caused
  // Faults and what they caused, in time order (a node's loss is noted after the kill).
  std::stable_sort(report.mutable_faults()->begin(), report.mutable_faults()->end(),
                   [](const auto& a, const auto& b) { return a.at_s() < b.at_s(); });
  const sim_ns end = clock.now();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const uint64_t statements = core::sqlite_store::statements_run() - statements_before;
  const uint64_t events = driver->events() - events_before;
  end_cost_phase("run");
  bar.finish();

  std::vector<ActorMetrics> metrics;
  for (const auto& bytes : ask_all<std::string>(sys, *driver, sources, core::collect_atom::value,
                                               reachable)) {
    ActorMetrics m;
    m.ParseFromString(bytes);
    metrics.push_back(std::move(m));
  }

  report.set_schema_version(1);
  report.set_scenario(s.name());
  report.set_file(file);
  report.set_variant(variant);
  report.set_seed(ctx.seed);
  report.set_clock(is_virtual ? "VIRTUAL" : "REAL");
  report.set_speed(speed);
  report.set_duration_s(s.duration_s());
  report.set_warmup_s(warmup_s);
  report.set_wall_s(wall_s);
  report.set_partial(partial);
  report.set_commit(SDSIM_COMMIT);
  report.set_start_time(start_time);
  report.mutable_host()->set_host_name(host_name());
  report.mutable_host()->set_worker_threads(is_virtual ? 1 : threads);
  report.mutable_host()->set_events(events);
  report.mutable_host()->set_sql_statements(statements);
  report.mutable_host()->set_sim_seconds_per_wall_second(
      loaded_wall_s > 0 ? core::to_s(static_cast<double>(arrivals_stopped)) / loaded_wall_s : 0);

  report_inputs in;
  in.measured_s = std::max(0.0, core::to_s(static_cast<double>(arrivals_stopped - ctx.warmup)));
  in.observed_s = core::to_s(static_cast<double>(end - ctx.warmup));
  report.set_measured_s(in.measured_s);
  in.lag_threshold_ms = lag_threshold_ms;
  in.is_virtual = is_virtual;
  for (std::size_t i = 0; i < enabled.size(); ++i) {
    std::vector<ActorMetrics> mine;
    for (std::size_t k = 0; k < metrics.size(); ++k)
      if (source_design[k] == i) mine.push_back(metrics[k]);
    auto* dr = report.add_designs();
    build_design_report(*enabled[i], mine, in, dr);
    runs[i]->finish(mine, dr);
  }
  finish_run_report(s, metrics, in, &report);
  if (cluster) cluster->report(sources, metrics, &report);

  if (opts.live) opts.live->detach();
  for (const auto& a : actors) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  driver->settle();
  return report;
}

}  // namespace sdsim::scenarios
