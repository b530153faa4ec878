// A scenario running in the background for the visualizer, and every knob on it. The run
// lives on its own thread (the engine's), a poller thread asks the designs' actors for pictures
// and counters, and the UI thread only reads what they published: it never waits for an actor.
// The knobs are plain calls, so tests turn them without a window.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "actors/core/live_map.hpp"
#include "engine/live_view.hpp"
#include "scenarios/scenario.pb.h"
#include "viz/api_series.hpp"
#include "viz/figure_series.hpp"
#include "viz/frame_pacer.hpp"
#include "viz/service_rates.hpp"
#include "viz/trace_lookup.hpp"

namespace sdsim::viz {

/// Where the run stands, for the UI.
struct run_status {
  bool running = false;      ///< sim time is going (or paused)
  bool finished = false;     ///< the last run ended (its report is in `last_report`)
  double sim_s = 0;
  double duration_s = 0;
  double speed = 1;
  bool paused = false;
  uint32_t runs = 0;         ///< runs started so far (each knob that restarts adds one)
  std::string error;         ///< why the last run stopped with an internal error, if it did
};

/// A service of the running designs, for the fault knobs.
struct service_info {
  std::string name;
  uint32_t shards = 1;
};

/// Invariants: at most one run at a time; the poller lives exactly from attach to detach.
/// Thread-safety: every public member may be called from any thread.
class live_session : public scenarios::live_view {
 public:
  /// `sets` are the command line's `--set` assignments.
  live_session(std::string file, std::vector<std::string> sets);
  ~live_session() override;

  /// Loads and checks the scenario, then runs it in the background. False, with the reasons
  /// in `errors`, if it is refused (nothing started).
  bool start(std::vector<std::string>* errors);

  /// Ends the run (arrivals stop, in-flight requests drain) and waits for the thread.
  void stop();

  // --- Knobs that act on the running simulation ----------------------------------------

  /// Sim seconds per wall second from now on; 0 pauses.
  void set_speed(double speed);
  void pause();
  void resume();

  /// Queues a fault; the engine applies it within its next poll and records it in the report.
  void fault(Fault f);

  // --- Knobs that restart the run with an override -------------------------------------

  /// Runs the scenario again from sim time 0 with `assignment` ("path=value") added after the
  /// others; false and why if the override is refused (the current run goes on).
  bool restart_with(const std::string& assignment, std::string* error);

  /// Runs the scenario again from sim time 0 with the same overrides.
  void rerun();

  // --- What the UI reads ------------------------------------------------------------------

  run_status status() const;
  /// The scenario as resolved (after every `--set`).
  Scenario scenario() const;
  /// The `--set` assignments of the current run, in order.
  std::vector<std::string> sets() const;
  /// What every live run overrides, after the viewer's own `--set`s.
  static const std::vector<std::string>& forced_sets();
  /// The command that replays the current run headless.
  std::string replay_command() const;
  /// The map of the first design that has one (nullptr when none does or nothing runs).
  std::shared_ptr<core::map_slot> map() const;
  /// Per-API lines as of the last poll.
  std::vector<api_line> apis() const;
  /// Per-service arrival rates and utilization between the last two polls.
  std::vector<service_line> service_load() const;
  std::vector<service_info> services() const;
  /// How requests flow between the services of the running designs.
  std::vector<core::flow_edge> flow() const;
  /// The designs' own figures as of the last poll (cache hit ratio, queue depth, ...).
  std::vector<figure_line> figures() const;
  /// Faults applied so far in this run, with their results.
  std::vector<scenarios::live_fault> faults() const;
  /// The last finished run's report (empty until one finished).
  RunReport last_report() const;

  // --- A request's trace ---------------------------------------------------------------------

  /// Asks the running designs what they know of request `id` (a ride: the id a map line or
  /// mark carries); the answer comes within a poll, through `trace()`.
  void ask_trace(uint64_t id);
  /// The last request asked for, with its hops once the services have answered.
  request_trace trace() const;

  // --- The UI's own pace ----------------------------------------------------------------------

  /// Seconds between frames the UI should keep: longer while the run's arrivals leave late.
  double frame_interval_s() const;
  /// The pacer's level: 0 at full rate, higher while it yields to the simulation.
  std::size_t pace_level() const;

  // --- Express --------------------------------------------------------------------------------

  /// Express: no map pictures are asked for (the city copies nothing), the UI draws summaries.
  void set_express(bool on) { express_ = on; }
  bool express() const { return express_; }

  // --- live_view (the engine's thread) -----------------------------------------------------
  void attach(const scenarios::live_run& run) override;
  std::vector<Fault> take_faults() override;
  void applied(const scenarios::live_fault& f) override;
  void detach() override;

 private:
  void engine_loop();
  void restart_locked();  // with mutex_ held
  void poll_loop(scenarios::live_run run);
  void answer_trace(caf::scoped_actor& self, const std::vector<caf::actor>& tracers);
  bool load(const std::vector<std::string>& sets, Scenario* out, std::vector<std::string>* errors) const;

  const std::string file_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> sets_;        // of the current (or next) run
  Scenario scenario_;                    // resolved, of the current run
  bool restart_ = false, quit_ = false;
  std::atomic<bool> interrupted_{false};  // ends the current run (the engine polls it)
  core::sim_clock* clock_ = nullptr;     // while attached
  double speed_ = 1;                     // the running speed, kept while paused
  bool paused_ = false;
  run_status status_;
  std::shared_ptr<core::map_slot> map_;
  std::vector<service_info> services_;
  std::vector<core::flow_edge> flow_;
  std::vector<Fault> queued_;
  std::vector<scenarios::live_fault> applied_;
  std::vector<api_line> apis_;
  std::vector<service_line> load_;
  std::vector<figure_line> figures_;
  RunReport report_;
  trace_lookup traces_;
  frame_pacer pacer_;
  std::thread engine_, poller_;
  std::atomic<bool> polling_{false};
  std::atomic<bool> express_{false};
};

}  // namespace sdsim::viz
