#include "viz/map_panel.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <imgui.h>

#include "viz/gl.hpp"
#include "viz/ride_picker.hpp"

namespace sdsim::viz {
namespace {

constexpr ImU32 background = IM_COL32(18, 20, 26, 255);
constexpr ImU32 city_edge = IM_COL32(70, 76, 92, 255);
constexpr ImU32 line_color = IM_COL32(255, 210, 80, 190);
constexpr ImU32 mark_color = IM_COL32(255, 70, 70, 255);
constexpr ImU32 spot_color = IM_COL32(230, 230, 240, 200);

}  // namespace

const std::vector<uint32_t>& map_panel::colors() {
  // offline, available, en route, on trip
  static const std::vector<uint32_t> c = {IM_COL32(90, 90, 100, 255), IM_COL32(60, 220, 110, 255),
                                          IM_COL32(255, 170, 30, 255), IM_COL32(70, 150, 255, 255)};
  return c;
}

map_panel::~map_panel() {
  if (texture_) glDeleteTextures(1, &texture_);
}

void map_panel::draw(const std::shared_ptr<core::map_slot>& slot) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  dl->AddRectFilled(at, {at.x + avail.x, at.y + avail.y}, background);
  if (!slot) {
    ImGui::TextUnformatted("This scenario's designs have no map.");
    return;
  }
  const auto& legend = slot->legend();
  if (!view_ || slot_ != slot.get()) {
    view_.emplace(legend.min_lat, legend.max_lat, legend.min_lon, legend.max_lon);
    slot_ = slot.get();
  }
  view_->set_rect({at.x, at.y, avail.x, avail.y});
  ImGui::InvisibleButton("map", {std::max(1.0f, avail.x), std::max(1.0f, avail.y)});
  const bool hovered = ImGui::IsItemHovered();

  dl->PushClipRect(at, {at.x + avail.x, at.y + avail.y}, true);
  const pixel a = view_->to_screen(legend.max_lat, legend.min_lon);
  const pixel b = view_->to_screen(legend.min_lat, legend.max_lon);
  dl->AddRect({a.x, a.y}, {b.x, b.y}, city_edge);
  if (auto heat = slot->heat()) draw_heat(dl, *heat);
  if (express_)
    dl->AddText({a.x + 8, a.y + 8}, spot_color,
                "express: no pictures of the drivers are asked for; the surge cells still show");
  const auto pts = slot->points();
  if (hovered) handle_input(express_ ? nullptr : pts.get());
  used_density_ = false;
  if (pts && !express_) {
    const auto on_screen = static_cast<std::size_t>(static_cast<double>(pts->lat.size()) * view_->visible_share());
    const float size = view_->zoom() >= 8 ? 4.0f : view_->zoom() >= 2 ? 3.0f : 2.0f;
    if (on_screen > detail_.max_points) {
      used_density_ = true;
      draw_density(dl, pts, legend.kinds.size());
      overlay_.upload(pts, *view_, detail_.overlay_kind, detail_.overlay_kind);
      overlay_.draw(dl, *view_, colors(), size);
    } else {
      points_.upload(pts, *view_);
      points_.draw(dl, *view_, colors(), size);
    }
    draw_overlays(dl, *pts);
    draw_highlight(dl, *pts);
  }
  dl->PopClipRect();
}

void map_panel::handle_input(const core::map_points* pts) {
  const ImGuiIO& io = ImGui::GetIO();
  // A click (released where it was pressed) picks a ride; a drag pans.
  if (pts && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] <
          io.MouseDragThreshold * io.MouseDragThreshold)
    if (auto id = pick_ride(*pts, *view_, {io.MousePos.x, io.MousePos.y})) picked_ = id;
  if (io.MouseWheel != 0) view_->zoom_at({io.MousePos.x, io.MousePos.y}, io.MouseWheel > 0 ? 1.25f : 0.8f);
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left)) view_->pan(io.MouseDelta.x, io.MouseDelta.y);
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view_->reset();
}

void map_panel::draw_heat(ImDrawList* dl, const core::map_heat& heat) const {
  const float span = std::max(0.01f, heat.max - heat.neutral);
  for (const auto& c : heat.cells) {
    const float t = std::clamp((c.value - heat.neutral) / span, 0.0f, 1.0f);
    const pixel a = view_->to_screen(c.max_lat, c.min_lon);
    const pixel b = view_->to_screen(c.min_lat, c.max_lon);
    dl->AddRectFilled({a.x, a.y}, {b.x, b.y},
                      IM_COL32(255, static_cast<int>(160 * (1 - t)), 40, static_cast<int>(90 + 130 * t)));
    dl->AddRect({a.x, a.y}, {b.x, b.y}, IM_COL32(255, 120, 40, 255));
  }
}

void map_panel::draw_density(ImDrawList* dl, const std::shared_ptr<const core::map_points>& pts,
                             std::size_t kinds) {
  float v[5] = {0, 0, 0, 0, view_->rect().w};
  view_->affine(&v[0], &v[1], &v[2], &v[3]);
  if (counted_ != pts || !std::equal(v, v + 5, counted_view_)) {
    counted_ = pts;
    std::copy(v, v + 5, counted_view_);
    grid_.count(*pts, *view_, kinds);
    const auto image = grid_.image(colors());
    if (!texture_) {
      glGenTextures(1, &texture_);
      glBindTexture(GL_TEXTURE_2D, texture_);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, grid_.columns(), grid_.rows(), 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, image.data());
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  const pixel_rect r = view_->rect();
  // The grid covers whole cells only; the image spans exactly those.
  const auto w = static_cast<float>(grid_.columns() * grid_.cell_px());
  const auto h = static_cast<float>(grid_.rows() * grid_.cell_px());
  dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_)), {r.x, r.y},
               {r.x + w, r.y + h});
}

void map_panel::draw_highlight(ImDrawList* dl, const core::map_points& pts) const {
  if (highlight_ == 0) return;
  constexpr ImU32 ring = IM_COL32(255, 255, 255, 255);
  for (std::size_t i = 0; i < pts.lines.size() && i < pts.line_ids.size(); ++i)
    if (pts.line_ids[i] == highlight_) {
      const auto& l = pts.lines[i];
      const pixel a = view_->to_screen(l[0], l[1]), b = view_->to_screen(l[2], l[3]);
      dl->AddLine({a.x, a.y}, {b.x, b.y}, ring, 3);
      dl->AddCircle({a.x, a.y}, 9, ring, 0, 2);
    }
  for (std::size_t i = 0; i < pts.marks.size() && i < pts.mark_ids.size(); ++i)
    if (pts.mark_ids[i] == highlight_) {
      const pixel p = view_->to_screen(pts.marks[i][0], pts.marks[i][1]);
      dl->AddCircle({p.x, p.y}, 9, ring, 0, 2);
    }
}

void map_panel::draw_overlays(ImDrawList* dl, const core::map_points& pts) const {
  for (std::size_t i = 0; i < pts.lines.size() && i < detail_.max_lines; ++i) {
    const auto& l = pts.lines[i];
    const pixel a = view_->to_screen(l[0], l[1]), b = view_->to_screen(l[2], l[3]);
    dl->AddLine({a.x, a.y}, {b.x, b.y}, line_color);
  }
  for (std::size_t i = 0; i < pts.marks.size() && i < detail_.max_marks; ++i) {
    const pixel p = view_->to_screen(pts.marks[i][0], pts.marks[i][1]);
    dl->AddRectFilled({p.x - 2, p.y - 2}, {p.x + 2, p.y + 2}, mark_color);
  }
  for (const auto& s : pts.spots) {
    const pixel c = view_->to_screen(s.lat, s.lon);
    const pixel e = view_->to_screen(s.lat + s.radius_m / 111195.0f, s.lon);
    dl->AddCircle({c.x, c.y}, std::max(4.0f, c.y - e.y), spot_color, 32);
    const std::string label = fmt::format("{} x{:.2f}", s.name, s.value);
    // On a dark plate: a label over a crowd of drivers would be unreadable.
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const ImVec2 at{c.x + 8, c.y - size.y / 2};
    dl->AddRectFilled({at.x - 2, at.y - 1}, {at.x + size.x + 2, at.y + size.y + 1}, IM_COL32(18, 20, 26, 200));
    dl->AddText(at, s.value > 1.0f ? IM_COL32(255, 150, 60, 255) : spot_color, label.c_str());
  }
}

}  // namespace sdsim::viz
