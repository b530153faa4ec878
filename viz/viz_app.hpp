// The window: GLFW and Dear ImGui set up once, then one frame after another: the map on the
// left, the legend, charts and knobs on the right.
#pragma once

#include <optional>
#include <string>

#include "viz/live_session.hpp"
#include "viz/map_panel.hpp"

struct GLFWwindow;

namespace sdsim::viz {

/// Not thread-safe: the UI thread's. Owns the GL context.
class viz_app {
 public:
  viz_app() = default;
  ~viz_app();
  viz_app(const viz_app&) = delete;
  viz_app& operator=(const viz_app&) = delete;

  /// Opens a `width` × `height` window; false and why when there is no display or no GL 3.
  bool open(int width, int height, const std::string& title, std::string* error);

  /// Draws one frame of `session` (not shown yet); false once the window was closed.
  bool frame(live_session& session);

  /// Writes the frame just drawn as a PNG; "" or why not.
  std::string save(const std::string& path) const;

  /// Shows the frame just drawn.
  void present();

  /// Wall milliseconds the last frame took to draw, GL included (headless runs wait for GL to
  /// finish each frame so that this is the whole cost).
  double frame_ms() const { return frame_ms_; }
  /// Whether the last frame's map used the density image.
  bool used_density() const { return map_ && map_->used_density(); }

 private:
  void layout(live_session& session);

  GLFWwindow* window_ = nullptr;
  std::optional<map_panel> map_;  // made once the GL context exists
  std::string message_;
  int fb_w_ = 0, fb_h_ = 0;
  bool finish_frames_ = false;   // glFinish after each frame (headless: to measure it)
  double frame_ms_ = 0;
  double period_ms_ = 0;         // between frame starts, smoothed (the FPS shown)
  double last_start_s_ = 0;

 public:
  /// Waits for GL to finish every frame from now on (for honest frame times).
  void finish_frames() { finish_frames_ = true; }
};

}  // namespace sdsim::viz
