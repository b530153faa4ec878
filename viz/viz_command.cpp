#include "viz/viz_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "engine/command_error.hpp"
#include "engine/designs.hpp"
#include "engine/report_text.hpp"
#include "engine/scenario_loader.hpp"
#include "viz/ride_picker.hpp"
#include "viz/viz_app.hpp"

namespace sdsim::viz {
namespace {

using clock_type = std::chrono::steady_clock;

// The next frame's start: the session's pace (30 a second, fewer while the simulation's
// arrivals leave late), so headless frames cost the host what a window's would.
clock_type::time_point next_frame(clock_type::time_point start, const live_session& s) {
  return start + std::chrono::duration_cast<clock_type::duration>(
                     std::chrono::duration<double>(s.frame_interval_s()));
}
// How long a headless run may take to show its first picture and counters.
constexpr auto first_content_limit = std::chrono::seconds(120);

// A picture of the map (unless express), and charts a few seconds long.
bool has_content(const live_session& s) {
  const auto map = s.map();
  if (map && !s.express() && !map->points()) return false;  // express asks for no pictures
  for (const auto& a : s.apis())
    if (a.rps.size() >= 3) return true;
  return false;
}

// The first ride the map shows, asked for its trace (--trace-first-ride); 0 when none shows.
uint64_t trace_first_ride(live_session& session) {
  const auto map = session.map();
  const auto pts = map ? map->points() : nullptr;
  const auto id = pts ? first_ride(*pts) : std::nullopt;
  if (id) session.ask_trace(*id);
  return id.value_or(0);
}

// What the run's end looks like, as `sdsim run` prints it, when the frames outlasted the run
// (so a headless viz run can be compared with a headless `sdsim run`).
void print_report(const live_session& session) {
  const run_status st = session.status();
  if (!st.finished) {
    std::cerr << "sdsim viz: the run was still going after the last frame (sim "
              << fmt::format("{:.1f} of {:g} s", st.sim_s, st.duration_s)
              << "); more --frames print its report\n";
    return;
  }
  std::cout << scenarios::render_summary(session.last_report());
}

int headless(viz_app& app, live_session& session, const viz_args& a) {
  const auto deadline = clock_type::now() + first_content_limit;
  while (!has_content(session) && clock_type::now() < deadline && !session.status().finished) {
    app.frame(session);
    app.present();
    std::this_thread::sleep_until(next_frame(clock_type::now(), session));
  }
  if (!has_content(session))
    std::cerr << "sdsim viz: the run showed nothing to draw within "
              << first_content_limit.count() << " s; the screenshot shows what there was\n";
  if (!a.frames_dir.empty()) std::filesystem::create_directories(a.frames_dir);
  app.finish_frames();
  uint64_t traced = a.trace_first_ride ? trace_first_ride(session) : 0;
  if (a.trace_first_ride && traced == 0)
    std::cerr << "sdsim viz: --trace-first-ride: the map shows no ride to trace\n";
  std::vector<double> ms;
  int density_frames = 0;
  std::size_t max_level = 0;
  const auto frames_start = clock_type::now();
  for (int i = 1; i <= a.frames; ++i) {
    const auto next = next_frame(clock_type::now(), session);
    max_level = std::max(max_level, session.pace_level());
    // Asked again every second: the ride goes on, and the last frame shows its latest hops.
    if (traced != 0 && i % 30 == 0 && !session.status().finished) session.ask_trace(traced);
    // A run that has ended changes no more: its last frame is the screenshot.
    const bool last = i == a.frames || session.status().finished;
    app.frame(session);
    ms.push_back(app.frame_ms());
    density_frames += app.used_density() ? 1 : 0;
    std::string why;
    if (!a.frames_dir.empty())
      why = app.save(fmt::format("{}/frame-{:04d}.png", a.frames_dir, i));
    if (why.empty() && last) why = app.save(a.screenshot);
    if (!why.empty()) {
      return scenarios::command_error("viz", scenarios::exit_internal, why);
    }
    app.present();
    if (last) break;
    std::this_thread::sleep_until(next);
  }
  const double wall_s = std::chrono::duration<double>(clock_type::now() - frames_start).count();
  std::sort(ms.begin(), ms.end());
  const auto map = session.map();
  const auto pts = map ? map->points() : nullptr;
  std::cerr << fmt::format(
      "sdsim viz: {} frames, frame time p50 {:.1f} ms, max {:.1f} ms; {:.1f} FPS over {:.1f} s "
      "wall{}; {} points on the map{}; sim {:.1f} s\n",
      ms.size(), ms[ms.size() / 2], ms.back(), static_cast<double>(ms.size()) / wall_s, wall_s,
      max_level ? fmt::format(" (yielded to the simulation: down to {:.0f} FPS at worst)",
                              1 / frame_pacer::frame_interval_at(max_level))
                : "",
      pts ? pts->lat.size() : 0,
      density_frames ? fmt::format(" ({} frames as a density image)", density_frames) : "",
      session.status().sim_s);
  if (traced != 0) std::cout << format_trace(session.trace());
  print_report(session);
  return scenarios::exit_ok;
}

}  // namespace

int cmd_viz(const viz_args& a) {
  if (a.frames < 1) {
    return scenarios::command_error("viz", scenarios::exit_bad_input, "--frames must be at least 1");
  }
  if (!a.frames_dir.empty() && a.screenshot.empty()) {
    return scenarios::command_error("viz", scenarios::exit_bad_input,
                                    "--frames-dir needs --screenshot (it is for headless runs)");
  }
  int width = 1280, height = 800;
  if (!a.size.empty()) {
    char x = 0;
    char rest = 0;
    if (std::sscanf(a.size.c_str(), "%d%c%d%c", &width, &x, &height, &rest) != 3 || x != 'x' ||
        width < 320 || height < 240 || width > 8192 || height > 8192) {
      return scenarios::command_error(
          "viz", scenarios::exit_bad_input,
          "--size must be WIDTHxHEIGHT within 320x240..8192x8192, not '" + a.size + "'");
    }
  }
  // The scenario first: a bad one is refused before any window opens.
  live_session session(a.file, a.sets);
  {
    std::vector<std::string> errors;
    auto sets = a.sets;
    for (const auto& s : live_session::forced_sets()) sets.push_back(s);
    if (!scenarios::load_scenario(a.file, sets, scenarios::all_designs(), errors)) {
      for (const auto& e : errors) std::cerr << e << "\n";
      return scenarios::command_error("viz", scenarios::exit_bad_input,
                                      a.file + " refused; nothing was started");
    }
  }
  viz_app app;
  std::string why;
  if (!app.open(width, height, "sdsim viz: " + a.file, &why)) {
    std::cerr << "sdsim viz: " << why << ".\n"
              << "Run it on a desktop, or headless under a virtual display:\n"
              << "  xvfb-run -a -s '-screen 0 1280x800x24' sdsim viz " << a.file
              << " --screenshot out.png\n";
    return exit_no_display;
  }
  session.set_express(a.express);
  std::vector<std::string> errors;
  if (!session.start(&errors)) {
    for (const auto& e : errors) std::cerr << e << "\n";
    return scenarios::exit_bad_input;
  }
  int code = scenarios::exit_ok;
  if (!a.screenshot.empty()) {
    code = headless(app, session, a);
  } else {
    for (auto start = clock_type::now(); app.frame(session); start = clock_type::now()) {
      app.present();  // waits for the display's refresh (vsync)
      std::this_thread::sleep_until(next_frame(start, session));
    }
  }
  session.stop();
  return code;
}

}  // namespace sdsim::viz
