#include "viz/live_session.hpp"

#include <chrono>

#include <caf/scoped_actor.hpp>
#include <fmt/format.h>

#include "actors/core/messages.hpp"
#include "engine/designs.hpp"
#include "engine/engine.hpp"
#include "engine/scenario_loader.hpp"

namespace sdsim::viz {
namespace {

constexpr auto poll_tick = std::chrono::milliseconds(100);
constexpr auto counters_every = std::chrono::milliseconds(1000);
constexpr auto peek_timeout = std::chrono::seconds(2);

}  // namespace

const std::vector<std::string>& live_session::forced_sets() {
  // A live view needs wall time to pass (the virtual clock would finish before a frame shows),
  // and charts from the first second: the warm-up would leave them empty for its length.
  static const std::vector<std::string> sets = {"clock=REAL", "warmup_s=0"};
  return sets;
}

live_session::live_session(std::string file, std::vector<std::string> sets)
    : file_(std::move(file)), sets_(std::move(sets)) {}

live_session::~live_session() { stop(); }

bool live_session::load(const std::vector<std::string>& sets, Scenario* out,
                        std::vector<std::string>* errors) const {
  std::vector<std::string> all = sets;
  for (const auto& forced : forced_sets()) all.push_back(forced);
  auto s = scenarios::load_scenario(file_, all, scenarios::all_designs(), *errors);
  if (!s) return false;
  if (s->scenario.variant_size() > 0) {
    errors->push_back(file_ + ": has variants; the visualizer shows one run (apply a variant's "
                              "overrides with --set)");
    return false;
  }
  *out = s->scenario;
  return true;
}

bool live_session::start(std::vector<std::string>* errors) {
  Scenario s;
  if (!load(sets(), &s, errors)) return false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    scenario_ = s;
    speed_ = s.has_speed() ? s.speed() : 1.0;
  }
  engine_ = std::thread([this] { engine_loop(); });
  return true;
}

void live_session::engine_loop() {
  for (;;) {
    Scenario s;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      s = scenario_;
      status_.running = true;
      status_.finished = false;
      status_.duration_s = s.duration_s();
      status_.error.clear();
      ++status_.runs;
      applied_.clear();
      apis_.clear();
      load_.clear();
      figures_.clear();
      queued_.clear();
      // Under the lock: a restart sets it under the same lock to end the run before this one.
      interrupted_ = false;
    }
    scenarios::run_options opts;
    opts.quiet = true;
    opts.interrupted = &interrupted_;
    opts.live = this;
    RunReport r;
    std::string error;
    try {
      r = scenarios::run_scenario(s, file_, "", scenarios::all_designs(), opts);
    } catch (const std::exception& e) {
      error = e.what();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    report_ = std::move(r);
    status_.running = false;
    status_.finished = true;
    status_.error = error;
    wake_.wait(lock, [this] { return restart_ || quit_; });
    if (quit_) return;
    restart_ = false;
  }
}

void live_session::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
    // A paused clock would never let the drain end.
    if (clock_ && paused_) clock_->set_speed(speed_);
    paused_ = false;
    interrupted_ = true;
  }
  wake_.notify_all();
  if (engine_.joinable()) engine_.join();
}

void live_session::set_speed(double speed) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (speed <= 0) {
    paused_ = true;
  } else {
    speed_ = speed;
    paused_ = false;
  }
  if (clock_) clock_->set_speed(paused_ ? 0 : speed_);
}

void live_session::pause() { set_speed(0); }

void live_session::resume() {
  double s = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    s = speed_;
  }
  set_speed(s);
}

void live_session::fault(Fault f) {
  std::lock_guard<std::mutex> lock(mutex_);
  queued_.push_back(std::move(f));
}

bool live_session::restart_with(const std::string& assignment, std::string* error) {
  auto next = sets();
  next.push_back(assignment);
  Scenario s;
  std::vector<std::string> errors;
  if (!load(next, &s, &errors)) {
    *error = errors.empty() ? "refused" : errors.front();
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sets_ = std::move(next);
    scenario_ = s;
    speed_ = s.has_speed() ? s.speed() : 1.0;
    restart_locked();
  }
  wake_.notify_all();
  return true;
}

void live_session::rerun() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    restart_locked();
  }
  wake_.notify_all();
}

void live_session::restart_locked() {
  // A paused clock would never let the current run's drain end.
  if (clock_ && paused_) clock_->set_speed(speed_);
  paused_ = false;
  restart_ = true;
  // Set under the lock the engine thread takes to start the next run, so it ends this one.
  interrupted_ = true;
}

run_status live_session::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  run_status s = status_;
  if (clock_) s.sim_s = core::to_s(static_cast<double>(clock_->now()));
  s.speed = speed_;
  s.paused = paused_;
  return s;
}

Scenario live_session::scenario() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return scenario_;
}

std::vector<std::string> live_session::sets() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sets_;
}

std::string live_session::replay_command() const {
  std::string cmd = "sdsim run " + file_;
  for (const auto& s : sets()) cmd += " --set " + s;
  for (const auto& s : forced_sets()) cmd += " --set " + s;
  return cmd;
}

std::shared_ptr<core::map_slot> live_session::map() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return map_;
}

std::vector<api_line> live_session::apis() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return apis_;
}

std::vector<service_line> live_session::service_load() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return load_;
}

std::vector<service_info> live_session::services() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return services_;
}

std::vector<figure_line> live_session::figures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return figures_;
}

std::vector<core::flow_edge> live_session::flow() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return flow_;
}

std::vector<scenarios::live_fault> live_session::faults() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return applied_;
}

RunReport live_session::last_report() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return report_;
}

void live_session::attach(const scenarios::live_run& run) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    clock_ = run.clock;
    if (paused_ || speed_ != clock_->speed()) clock_->set_speed(paused_ ? 0 : speed_);
    map_.reset();
    services_.clear();
    flow_.clear();
    traces_.clear();
    for (const auto& d : run.designs) {
      if (!map_ && d.sources.map) map_ = d.sources.map;
      for (auto& e : d.design->flow()) flow_.push_back(std::move(e));
      for (const auto& svc : d.design->services()) {
        service_info info{svc.name, svc.default_shards};
        for (const auto& t : scenario_.topology().service())
          if (t.name() == svc.name && t.has_shards()) info.shards = t.shards();
        services_.push_back(info);
      }
    }
  }
  polling_ = true;
  poller_ = std::thread([this, run] { poll_loop(run); });
}

void live_session::poll_loop(scenarios::live_run run) {
  caf::scoped_actor self{*run.system};
  std::shared_ptr<core::map_slot> map;
  std::vector<caf::actor> clients, services, tracers;
  // Each design's figures read its own services' looks only (their extras are its protos).
  struct figure_source {
    std::size_t from, to;
    std::function<std::vector<core::live_figure>(const std::vector<ActorMetrics>&)> figures;
  };
  std::vector<figure_source> figure_sources;
  for (const auto& d : run.designs) {
    if (d.sources.figures)
      figure_sources.push_back({services.size(), services.size() + d.sources.services.size(),
                                d.sources.figures});
    if (!map && d.sources.map) map = d.sources.map;
    tracers.insert(tracers.end(), d.sources.tracers.begin(), d.sources.tracers.end());
    clients.insert(clients.end(), d.sources.clients.begin(), d.sources.clients.end());
    services.insert(services.end(), d.sources.services.begin(), d.sources.services.end());
  }
  // Each actor answers on its own thread; this one waits, never the UI's.
  auto peek_all = [&](const std::vector<caf::actor>& actors) {
    std::vector<ActorMetrics> got;
    for (const auto& a : actors) {
      self->request(a, peek_timeout, core::peek_atom::value)
          .receive(
              [&](std::string& bytes) {
                ActorMetrics m;
                if (m.ParseFromString(bytes)) got.push_back(std::move(m));
              },
              [&](caf::error&) {});
    }
    return got;
  };
  api_series series;
  service_rates rates;
  figure_series figures;
  uint64_t sent_before = 0, late_before = 0;
  auto next_counters = std::chrono::steady_clock::now();
  auto next_picture = next_counters;
  while (polling_) {
    const auto now = std::chrono::steady_clock::now();
    if (map && !express_ && now >= next_picture) {
      map->request();
      std::lock_guard<std::mutex> lock(mutex_);
      next_picture = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(pacer_.picture_interval_s()));
    }
    answer_trace(self, tracers);
    if (now >= next_counters) {
      next_counters += counters_every;
      series.update(peek_all(clients));
      const auto looks = peek_all(services);
      const double sim_s = core::to_s(static_cast<double>(run.clock->now()));
      rates.update(looks, sim_s);
      std::vector<core::live_figure> now_figures;
      for (const auto& f : figure_sources) {
        // A look that did not come back shifts the rest: then this poll's figures are skipped.
        if (looks.size() != services.size()) break;
        std::vector<ActorMetrics> own(looks.begin() + static_cast<long>(f.from),
                                      looks.begin() + static_cast<long>(f.to));
        for (auto& x : f.figures(own)) now_figures.push_back(std::move(x));
      }
      figures.update(now_figures);
      uint64_t sent = 0, late = 0;
      for (const auto& l : series.lines()) sent += l.sent, late += l.late;
      std::lock_guard<std::mutex> lock(mutex_);
      apis_ = series.lines();
      load_ = rates.lines();
      figures_ = figures.lines();
      pacer_.observe(static_cast<double>(sent - sent_before), static_cast<double>(late - late_before));
      sent_before = sent;
      late_before = late;
    }
    std::this_thread::sleep_for(poll_tick);
  }
}

void live_session::answer_trace(caf::scoped_actor& self, const std::vector<caf::actor>& tracers) {
  const auto id = traces_.take_ask();
  if (!id) return;
  std::vector<std::optional<std::string>> replies;
  for (const auto& t : tracers) {
    std::optional<std::string> got;
    self->request(t, peek_timeout, core::trace_atom::value, *id)
        .receive([&](std::string& bytes) { got = std::move(bytes); }, [&](caf::error&) {});
    replies.push_back(std::move(got));
  }
  traces_.answer(*id, replies);
}

double live_session::frame_interval_s() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pacer_.frame_interval_s();
}

std::size_t live_session::pace_level() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pacer_.level();
}

void live_session::ask_trace(uint64_t id) { traces_.ask(id); }

request_trace live_session::trace() const { return traces_.trace(); }

std::vector<Fault> live_session::take_faults() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Fault> out;
  out.swap(queued_);
  return out;
}

void live_session::applied(const scenarios::live_fault& f) {
  std::lock_guard<std::mutex> lock(mutex_);
  applied_.push_back(f);
}

void live_session::detach() {
  polling_ = false;
  if (poller_.joinable()) poller_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  if (paused_) {
    clock_->set_speed(speed_);
    paused_ = false;
  }
  status_.sim_s = core::to_s(static_cast<double>(clock_->now()));  // what the UI keeps showing
  clock_ = nullptr;
}

}  // namespace sdsim::viz
