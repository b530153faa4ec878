// Frame time of the visualizer's map with N drivers: one full ImGui frame (the map panel in
// the window the app gives it, the heat, overlays, rendered and finished by GL). Needs a
// display; under software GL run it in Xvfb:
//   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/viz_frame_bench
// `lod` is the app's own choice (single points up to 60K on screen; above, the density image
// with the busy drivers as points over it); `points` forces single points whatever the count;
// `new_picture` pays a new picture's upload (or density count) every frame, as when the city
// sends one per frame.
#include <memory>

#include <GLFW/glfw3.h>
#include <benchmark/benchmark.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "actors/core/live_map.hpp"
#include "actors/core/rng.hpp"
#include "viz/gl.hpp"
#include "viz/map_panel.hpp"

namespace {

using namespace sdsim;

// The bay's box, drivers spread over it in the four states, a few hundred riders and lines.
std::shared_ptr<core::map_slot> city_with(std::size_t drivers) {
  core::map_legend legend;
  legend.min_lat = 37.2f;
  legend.max_lat = 38.0f;
  legend.min_lon = -122.55f;
  legend.max_lon = -121.75f;
  legend.kinds = {"offline", "available", "en route", "on trip"};
  auto slot = std::make_shared<core::map_slot>(legend);
  auto p = std::make_shared<core::map_points>();
  auto r = core::rng::stream(7, "viz bench");
  for (std::size_t i = 0; i < drivers; ++i) {
    p->lat.push_back(static_cast<float>(37.2 + 0.8 * r.uniform()));
    p->lon.push_back(static_cast<float>(-122.55 + 0.8 * r.uniform()));
    const double s = r.uniform();
    // As the documented scenario has them at its steady state: ~64K of 1M on a trip.
    p->kind.push_back(s < 0.05 ? 0 : s < 0.93 ? 1 : s < 0.94 ? 2 : 3);
  }
  for (std::size_t i = 0; i < 300 && i + 300 < drivers; ++i) {
    p->marks.push_back({p->lat[i], p->lon[i]});
    p->lines.push_back({p->lat[i], p->lon[i], p->lat[i + 300], p->lon[i + 300]});
  }
  slot->publish(std::shared_ptr<const core::map_points>(p));
  return slot;
}

struct window {
  GLFWwindow* w = nullptr;
  window() {
    if (!glfwInit()) return;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    w = glfwCreateWindow(1280, 800, "viz_frame_bench", nullptr, nullptr);
    if (!w) return;
    glfwMakeContextCurrent(w);
    glfwSwapInterval(0);  // measure the frame, not the display's refresh
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(w, false);
    ImGui_ImplOpenGL3_Init("#version 130");
  }
};

window& the_window() {
  static window w;
  return w;
}

void frame(viz::map_panel& panel, const std::shared_ptr<core::map_slot>& slot) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize({size.x * 0.58f, size.y});
  ImGui::Begin("map", nullptr, ImGuiWindowFlags_NoDecoration);
  panel.draw(slot);
  ImGui::End();
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(the_window().w, &w, &h);
  glViewport(0, 0, w, h);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(the_window().w);
  glFinish();  // the frame is done only when GL is
}

bool have_window(benchmark::State& state) {
  if (!the_window().w) state.SkipWithError("no display (run it under xvfb-run)");
  return the_window().w != nullptr;
}

void count_fps(benchmark::State& state) {
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                             benchmark::Counter::kIsRate);
}

void map_frame(benchmark::State& state, bool lod) {
  if (!have_window(state)) return;
  const auto drivers = static_cast<std::size_t>(state.range(0));
  const auto slot = city_with(drivers);
  viz::map_detail detail;
  if (!lod) detail.max_points = drivers + 1;
  viz::map_panel panel(detail);
  frame(panel, slot);  // uploads the picture once, as the app does per new picture
  for (auto _ : state) frame(panel, slot);
  count_fps(state);
  state.counters["density"] = panel.used_density() ? 1 : 0;
}

void BM_map_frame_lod(benchmark::State& state) { map_frame(state, true); }
void BM_map_frame_points(benchmark::State& state) { map_frame(state, false); }

// A new picture every frame: the upload (or the density count) is paid each time.
void BM_map_frame_new_picture(benchmark::State& state) {
  if (!have_window(state)) return;
  const auto drivers = static_cast<std::size_t>(state.range(0));
  const auto slot = city_with(drivers);
  viz::map_panel panel;
  for (auto _ : state) {
    slot->publish(std::make_shared<const core::map_points>(*slot->points()));
    frame(panel, slot);
  }
  count_fps(state);
}

}  // namespace

BENCHMARK(BM_map_frame_lod)->Arg(0)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_map_frame_points)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_map_frame_new_picture)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
