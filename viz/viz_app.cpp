#include "viz/viz_app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "viz/gl.hpp"
#include "viz/png_file.hpp"
#include "viz/side_panels.hpp"
#include "viz/topology_panel.hpp"

namespace sdsim::viz {
namespace {

std::string glfw_error;

void on_glfw_error(int, const char* what) { glfw_error = what ? what : "unknown GLFW error"; }

}  // namespace

viz_app::~viz_app() {
  if (!window_) return;
  // The panel's GL objects go while their context is still current.
  map_.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool viz_app::open(int width, int height, const std::string& title, std::string* error) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    *error = "no display to open a window on (" + glfw_error + ")";
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_) {
    *error = "cannot open an OpenGL 3 window (" + glfw_error + ")";
    glfwTerminate();
    return false;
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the same layout every time, no file left behind
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  map_.emplace();
  return true;
}

// The map on the left when the run has one, the services and API charts beside it, the knobs
// below them; without a map, the charts take the left and the knobs the right.
void viz_app::layout(live_session& session) {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float left_w = size.x * 0.58f;
  const bool has_map = session.map() != nullptr;
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoCollapse;
  auto place = [](float x, float y, float w, float h) {
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, h});
  };
  if (has_map) {
    place(0, 0, left_w, size.y);
    ImGui::Begin("map", nullptr, fixed | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    draw_legend(session);
    map_->set_express(session.express());
    map_->set_highlight(session.trace().id);
    map_->draw(session.map());
    if (auto id = map_->take_pick()) session.ask_trace(*id);
    ImGui::End();
    place(left_w, 0, size.x - left_w, size.y * 0.5f);
  } else {
    place(0, 0, left_w, size.y);
  }
  ImGui::Begin("services and APIs", nullptr, fixed);
  draw_services(session);
  draw_charts(session);
  ImGui::End();

  if (has_map) place(left_w, size.y * 0.5f, size.x - left_w, size.y * 0.5f);
  else place(left_w, 0, size.x - left_w, size.y);
  ImGui::Begin("run and knobs", nullptr, fixed);
  ImGui::TextDisabled("frame %.1f ms, %.0f FPS%s%s", frame_ms_, period_ms_ > 0 ? 1000 / period_ms_ : 0.0,
                      used_density() ? " (map as density image)" : "",
                      session.pace_level() > 0 ? ", fewer frames: arrivals leave late" : "");
  if (ImGui::CollapsingHeader("topology (boxes: shards x servers, arrivals; fill: busy share)",
                              ImGuiTreeNodeFlags_DefaultOpen))
    draw_topology(session, 150);
  draw_trace(session);
  draw_controls(session, message_);
  ImGui::End();
}

bool viz_app::frame(live_session& session) {
  if (glfwWindowShouldClose(window_)) return false;
  const double start_s = glfwGetTime();
  if (last_start_s_ > 0) period_ms_ = 0.9 * period_ms_ + 0.1 * 1000 * (start_s - last_start_s_);
  last_start_s_ = start_s;
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();

  layout(session);
  ImGui::Render();
  glfwGetFramebufferSize(window_, &fb_w_, &fb_h_);
  glViewport(0, 0, fb_w_, fb_h_);
  glClearColor(0.07f, 0.08f, 0.1f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (finish_frames_) glFinish();
  frame_ms_ = 1000 * (glfwGetTime() - start_s);
  return true;
}

void viz_app::present() { glfwSwapBuffers(window_); }

std::string viz_app::save(const std::string& path) const { return save_frame_png(path, fb_w_, fb_h_); }

}  // namespace sdsim::viz
