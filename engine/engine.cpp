// One run: spawn the designs, start sim time, let arrivals run, drain, collect, report.
#include "engine/engine.hpp"

#include <chrono>
#include <thread>
#include <algorithm>
#include <functional>
#include <optional>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/type_id.hpp>

#include <fmt/format.h>

#include "actors/core/messages.hpp"
#include "engine/calendar.hpp"
#include "actors/core/sqlite_store.hpp"
#include "engine/cluster_run.hpp"
#include "engine/cost_marks.hpp"
#include "engine/fault_timeline.hpp"
#include "engine/json_text.hpp"
#include "engine/progress.hpp"
#include "engine/report_builder.hpp"
#include "engine/run_driver.hpp"
#include "engine/scenario_loader.hpp"
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

// What the scenario says of the run itself, with the engine's defaults resolved.
struct run_settings {
  bool is_virtual = false;
  double speed = 1;
  uint32_t threads = 2;
  double lag_threshold_ms = default_lag_threshold_ms;
  double warmup_s = 0;
  double drain_s = default_drain_s;
  std::string start_time;
};

run_settings resolve(const Scenario& s) {
  run_settings r;
  r.is_virtual = s.clock() == VIRTUAL;
  r.speed = r.is_virtual ? 1.0 : (s.has_speed() ? s.speed() : 1.0);
  r.threads = s.host().has_worker_threads() ? s.host().worker_threads()
                                            : std::max(2u, std::thread::hardware_concurrency());
  if (s.host().has_lag_threshold_ms()) r.lag_threshold_ms = s.host().lag_threshold_ms();
  if (s.has_warmup_s()) r.warmup_s = s.warmup_s();
  if (s.has_drain_s()) r.drain_s = s.drain_s();
  r.start_time = s.start_time().empty() ? default_start_time : s.start_time();
  return r;
}

caf::actor_system_config& configured(caf::actor_system_config& cfg, const Scenario& s,
                                     const run_settings& set, const cluster_run* cluster) {
  run_driver::configure(cfg, s.clock(), set.threads);
  if (cluster) cluster->configure(cfg);
  return cfg;
}

// One run, step by step: the actor system and its clock, the designs started, sim time run
// phase by phase (a fault between two), the drain, the metrics, the report.
class engine_run {
 public:
  engine_run(const Scenario& s, const core::design_registry& designs, const run_options& opts)
      : s_(s), opts_(opts), set_(resolve(s)), enabled_(enabled_designs(s, designs)),
        // Nodes are launched before the actor system exists: fork with a single thread.
        cluster_(cluster_run::make(s, enabled_)),
        sys_(configured(cfg_, s, set_, cluster_.get())) {
    clock_ = std::make_unique<core::sim_clock>(sys_.clock(), set_.speed);
    driver_ = run_driver::make(sys_, s.clock(), *clock_);
    ctx_.emplace(sys_, *clock_);
  }

  // The nodes' part ends before the actor system goes, also when a node refused mid-start.
  ~engine_run() {
    if (cluster_) cluster_->end();
  }

  RunReport run(const std::string& file, const std::string& variant);

 private:
  void start_designs();
  void begin();
  void run_to(sim_ns until, const std::function<bool()>& stop);
  std::string carry_out(const Fault& f, bool undo);
  void record_fault(sim_ns at, const Fault& f, const std::string& why, bool undo = false);
  void tick(sim_ns now);
  void attach_viewer();
  bool nothing_in_flight();
  std::vector<ActorMetrics> collect();
  void fill_header(const std::string& file, const std::string& variant, sim_ns arrivals_stopped,
                   double loaded_wall_s, double wall_s);
  void add_designs(const std::vector<ActorMetrics>& metrics, const report_inputs& in);
  bool interrupted() const { return opts_.interrupted && opts_.interrupted->load(); }
  std::function<bool(const caf::actor&)> reachable();

  const Scenario& s_;
  const run_options& opts_;
  const run_settings set_;
  const std::vector<const core::design*> enabled_;
  std::unique_ptr<cluster_run> cluster_;
  caf::actor_system_config cfg_;
  // The clock outlives the actor system (declared before it, made after it: it reads the
  // system's clock): the system's destructor waits for the actors, and an actor still
  // finishing a message may read the clock until then.
  std::unique_ptr<core::sim_clock> clock_;
  caf::actor_system sys_;
  std::unique_ptr<run_driver> driver_;
  std::optional<core::run_context> ctx_;
  std::vector<caf::actor> sources_;
  std::vector<std::size_t> source_design_;  // which design each source belongs to
  std::vector<caf::actor> actors_;
  std::vector<std::unique_ptr<core::design_run>> runs_;
  std::vector<fault_event> faults_;
  std::size_t next_fault_ = 0;
  std::unique_ptr<progress> bar_;
  RunReport report_;
  uint64_t statements_before_ = 0;
  uint64_t events_before_ = 0;
  std::chrono::steady_clock::time_point wall_start_;
  bool partial_ = false;   // interrupted while arrivals ran
};

// Each design gets its own registration function, which it may keep for actors it spawns
// later (a restarted shard).
void engine_run::start_designs() {
  auto& ctx = *ctx_;
  ctx.seed = s_.has_seed() ? s_.seed() : 1;
  ctx.warmup = core::from_s(set_.warmup_s);
  ctx.arrivals_end = core::from_s(s_.duration_s());
  ctx.day_offset_s = static_cast<double>(parse_utc(set_.start_time).value_or(0) % 86400);
  ctx.host_lag_threshold = core::from_ms(set_.lag_threshold_ms);
  // Real clock: delays share timers on a 100 us wall grid, far below the latencies modeled.
  ctx.timer_quantum = set_.is_virtual ? 0 : static_cast<sim_ns>(100'000 * set_.speed);
  ctx.service = [this](const std::string& name) { return resolve_service(s_, enabled_, name); };
  ctx.add_actor = [this](caf::actor a) { actors_.push_back(std::move(a)); };
  ctx.settle = [this] { driver_->settle(); };
  if (cluster_) cluster_->connect(sys_, set_.speed, ctx);
  for (std::size_t i = 0; i < enabled_.size(); ++i) {
    ctx.add_metric_source = [this, i](caf::actor a) {
      sources_.push_back(a);
      source_design_.push_back(i);
      actors_.push_back(std::move(a));
    };
    runs_.push_back(enabled_[i]->start(ctx, design_config(s_, *enabled_[i])));
  }
  driver_->settle();
}

// Sim time starts now; an instruction counter watching the process counts from here.
void engine_run::begin() {
  end_cost_phase("setup");
  statements_before_ = core::sqlite_store::statements_run();
  events_before_ = driver_->events();
  wall_start_ = std::chrono::steady_clock::now();
  clock_->begin();
  if (cluster_) cluster_->begin(*clock_);
  for (auto& r : runs_) r->start_traffic();
  bar_ = std::make_unique<progress>(opts_.quiet, s_.duration_s(), set_.is_virtual);
  faults_ = fault_timeline(s_, enabled_, cluster_.get());
  attach_viewer();
}

void engine_run::attach_viewer() {
  if (!opts_.live) return;
  live_run lr{&sys_, clock_.get(), s_.duration_s(), {}};
  for (std::size_t i = 0; i < enabled_.size(); ++i)
    lr.designs.push_back({enabled_[i], runs_[i]->live()});
  opts_.live->attach(lr);
}

void engine_run::record_fault(sim_ns at, const Fault& f, const std::string& why, bool undo) {
  auto* fe = report_.add_faults();
  fe->set_at_s(core::to_s(static_cast<double>(at)));
  fe->set_what(cluster_run::is_node_fault(f) ? cluster_run::describe(f, undo) : describe(f));
  fe->set_result(why.empty() ? "applied" : why);
}

// Node faults go to the cluster, the others to the design whose service they name.
std::string engine_run::carry_out(const Fault& f, bool undo) {
  if (!cluster_run::is_node_fault(f)) return runs_[fault_design(f, enabled_)]->apply_fault(f);
  return cluster_ ? cluster_->apply_fault(f, undo, runs_) : "this run places nothing on nodes";
}

// Faults a viewer asks for are applied between the driver's polls, on this thread, and
// recorded like scheduled ones.
void engine_run::tick(sim_ns now) {
  bar_->update(core::to_s(static_cast<double>(now)));
  if (cluster_) cluster_->poll(runs_, &report_);
  if (!opts_.live) return;
  for (auto& f : opts_.live->take_faults()) {
    const std::string why = carry_out(f, false);
    f.set_at_s(core::to_s(static_cast<double>(now)));
    record_fault(now, f, why);
    opts_.live->applied({f, why.empty() ? "applied" : why});
  }
}

// Faults split the run into phases: run to the next fault, carry it out, go on.
void engine_run::run_to(sim_ns until, const std::function<bool()>& stop) {
  for (;;) {
    const bool fault_first = next_fault_ < faults_.size() && faults_[next_fault_].at <= until;
    driver_->run_until(fault_first ? faults_[next_fault_].at : until, stop,
                       [this](sim_ns now) { tick(now); });
    if (!fault_first || stop()) return;
    const auto& e = faults_[next_fault_++];
    if (e.noticed) cluster_->notice_pause(e.fault);
    else record_fault(e.at, e.fault, carry_out(e.fault, e.undo), e.undo);
    driver_->settle();
  }
}

std::function<bool(const caf::actor&)> engine_run::reachable() {
  if (!cluster_) return {};
  return [this](const caf::actor& a) { return cluster_->reachable(a); };
}

bool engine_run::nothing_in_flight() {
  uint64_t n = 0;
  for (auto x : ask_all<uint64_t>(sys_, *driver_, sources_, caf::get_atom_v, reachable())) n += x;
  return n == 0;
}

std::vector<ActorMetrics> engine_run::collect() {
  std::vector<ActorMetrics> metrics;
  for (const auto& bytes : ask_all<std::string>(sys_, *driver_, sources_,
                                               core::collect_atom::value, reachable())) {
    ActorMetrics m;
    m.ParseFromString(bytes);
    metrics.push_back(std::move(m));
  }
  return metrics;
}

void engine_run::fill_header(const std::string& file, const std::string& variant,
                             sim_ns arrivals_stopped, double loaded_wall_s, double wall_s) {
  auto& r = report_;
  r.set_schema_version(1);
  r.set_scenario(s_.name());
  r.set_file(file);
  r.set_variant(variant);
  r.set_seed(ctx_->seed);
  r.set_clock(set_.is_virtual ? "VIRTUAL" : "REAL");
  r.set_speed(set_.speed);
  r.set_duration_s(s_.duration_s());
  r.set_warmup_s(set_.warmup_s);
  r.set_wall_s(wall_s);
  r.set_partial(partial_);
  r.set_commit(SDSIM_COMMIT);
  r.set_start_time(set_.start_time);
  auto* host = r.mutable_host();
  host->set_host_name(host_name());
  host->set_worker_threads(set_.is_virtual ? 1 : set_.threads);
  host->set_events(driver_->events() - events_before_);
  host->set_sql_statements(core::sqlite_store::statements_run() - statements_before_);
  host->set_sim_seconds_per_wall_second(
      loaded_wall_s > 0 ? core::to_s(static_cast<double>(arrivals_stopped)) / loaded_wall_s : 0);
}

void engine_run::add_designs(const std::vector<ActorMetrics>& metrics, const report_inputs& in) {
  for (std::size_t i = 0; i < enabled_.size(); ++i) {
    std::vector<ActorMetrics> mine;
    for (std::size_t k = 0; k < metrics.size(); ++k)
      if (source_design_[k] == i) mine.push_back(metrics[k]);
    auto* dr = report_.add_designs();
    build_design_report(*enabled_[i], mine, in, dr);
    runs_[i]->finish(mine, dr);
  }
}

RunReport engine_run::run(const std::string& file, const std::string& variant) {
  start_designs();
  begin();
  auto wall_since = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  };
  run_to(ctx_->arrivals_end, [this] { return interrupted(); });
  partial_ = interrupted();
  const sim_ns arrivals_stopped = partial_ ? clock_->now() : ctx_->arrivals_end;
  const double loaded_wall_s = wall_since();   // the drain, nearly idle, would flatter it
  if (partial_) {
    for (auto& r : runs_) r->stop_traffic();
    driver_->settle();
  }
  // The bounded drain: in-flight requests get `drain_s` to finish; what is left then is a
  // timeout. It ends early once nothing is in flight.
  run_to(arrivals_stopped + core::from_s(set_.drain_s), [this] { return nothing_in_flight(); });
  if (cluster_) cluster_->poll(runs_, &report_);   // what the last fault caused
  // Faults and what they caused, in time order (a node's loss is noted after the kill).
  std::stable_sort(report_.mutable_faults()->begin(), report_.mutable_faults()->end(),
                   [](const auto& a, const auto& b) { return a.at_s() < b.at_s(); });
  const sim_ns end = clock_->now();
  const double wall_s = wall_since();
  fill_header(file, variant, arrivals_stopped, loaded_wall_s, wall_s);
  end_cost_phase("run");
  bar_->finish();
  const auto metrics = collect();
  report_inputs in;
  in.measured_s = std::max(0.0, core::to_s(static_cast<double>(arrivals_stopped - ctx_->warmup)));
  in.observed_s = core::to_s(static_cast<double>(end - ctx_->warmup));
  report_.set_measured_s(in.measured_s);
  in.lag_threshold_ms = set_.lag_threshold_ms;
  in.is_virtual = set_.is_virtual;
  add_designs(metrics, in);
  finish_run_report(s_, metrics, in, &report_);
  if (cluster_) cluster_->report(sources_, metrics, &report_);
  if (opts_.live) opts_.live->detach();
  for (const auto& a : actors_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  driver_->settle();
  return report_;
}

}  // namespace

RunReport run_scenario(const Scenario& s, const std::string& file, const std::string& variant,
                       const core::design_registry& designs, const run_options& opts) {
  // The process's own start (loading libraries, parsing the scenario) is not the run's setup.
  end_cost_phase("start");
  return engine_run(s, designs, opts).run(file, variant);
}

}  // namespace sdsim::scenarios
