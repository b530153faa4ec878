// `sdsim viz FILE`: the scenario, live, in a window; or headless frames for docs and tests.
#pragma once

#include <string>
#include <vector>

namespace sdsim::viz {

/// Flags of `sdsim viz`.
struct viz_args {
  std::string file;
  std::vector<std::string> sets;
  std::string screenshot;     ///< write the last frame here and exit ("" : interactive)
  std::string frames_dir;     ///< also write every frame here (frame-0001.png ...)
  int frames = 60;            ///< frames to render before the screenshot
  std::string size;           ///< "WIDTHxHEIGHT" ("" : 1280x800)
  bool express = false;       ///< summaries only, from the start
  bool trace_first_ride = false;  ///< headless: trace the first ride the map shows
};

/// Exit code when there is no display to open a window on (ctest counts it as skipped).
inline constexpr int exit_no_display = 77;

/// Runs the visualizer; returns the process exit code.
int cmd_viz(const viz_args& a);

}  // namespace sdsim::viz
