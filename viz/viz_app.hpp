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

 private:
  GLFWwindow* window_ = nullptr;
  std::optional<map_panel> map_;  // made once the GL context exists
  std::string message_;
  int fb_w_ = 0, fb_h_ = 0;
};

}  // namespace sdsim::viz
