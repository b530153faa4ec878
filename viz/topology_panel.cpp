#include "viz/topology_panel.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <imgui.h>

#include "viz/topology.hpp"

namespace sdsim::viz {
namespace {

constexpr ImU32 edge_color = IM_COL32(150, 160, 185, 200);
constexpr ImU32 back_color = IM_COL32(110, 115, 135, 140);
constexpr ImU32 box_fill = IM_COL32(32, 38, 50, 255);
constexpr ImU32 box_edge = IM_COL32(95, 105, 130, 255);
constexpr ImU32 hot_edge = IM_COL32(240, 80, 60, 255);
constexpr ImU32 text_color = IM_COL32(225, 228, 235, 255);
constexpr ImU32 dim_text = IM_COL32(160, 165, 180, 255);

// "location" from "ride_hailing/location": a box sits in its design's graph already.
std::string short_name(const topo_node& n) {
  const auto slash = n.name.find('/');
  if (n.clients) return "clients";
  return slash == std::string::npos ? n.name : n.name.substr(slash + 1);
}

std::string load_text(const topo_node& n) {
  if (n.clients) return "";
  std::string out = fmt::format("{} x {}", n.instances, n.servers ? std::to_string(n.servers) : "inf");
  if (n.arrivals_per_s >= 0) out += fmt::format("  {:.0f}/s", n.arrivals_per_s);
  return out;
}

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 c, float thickness) {
  dl->AddLine(a, b, c, thickness);
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::max(1.0f, std::hypot(dx, dy));
  const float ux = dx / len, uy = dy / len;
  dl->AddTriangleFilled(b, {b.x - 7 * ux + 3.5f * uy, b.y - 7 * uy - 3.5f * ux},
                        {b.x - 7 * ux - 3.5f * uy, b.y - 7 * uy + 3.5f * ux}, c);
}

}  // namespace

void draw_topology(const live_session& session, float height) {
  std::vector<topo_service> declared;
  for (const auto& s : session.services()) declared.push_back({s.name, s.shards});
  const topology g = build_topology(declared, session.flow(), session.service_load());
  if (g.nodes.empty()) return;
  ImGui::TextDisabled("node 0: this process runs every service (one node until distribution exists)");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy({w, height});
  dl->AddRect(at, {at.x + w, at.y + height}, box_edge, 4);
  const float box_w = std::min(150.0f, w / static_cast<float>(std::max<std::size_t>(g.layers, 1)) - 12);
  const float box_h = 30;
  auto center = [&](const topo_node& n) { return ImVec2{at.x + n.x * w, at.y + n.y * height}; };
  // Arrows from box edge to box edge; reply paths dimmer, bent below so they stay apart.
  for (const auto& e : g.edges) {
    ImVec2 a = center(g.nodes[e.from]), b = center(g.nodes[e.to]);
    if (e.back) {
      a.y += box_h / 2, b.y += box_h / 2;
      const ImVec2 mid{(a.x + b.x) / 2, std::max(a.y, b.y) + 10};
      dl->AddBezierQuadratic(a, mid, b, back_color, 1);
      continue;
    }
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float t0 = dx != 0 ? std::min(0.5f * box_w / std::abs(dx), 0.5f) : 0;
    const ImVec2 from{a.x + t0 * dx, a.y + t0 * dy}, to{b.x - t0 * dx, b.y - t0 * dy};
    arrow(dl, from, to, edge_color, 1.5f);
    if (e.rate_per_s >= 0) {
      const std::string label = fmt::format("{:.0f}/s", e.rate_per_s);
      dl->AddText({(from.x + to.x) / 2 - 14, (from.y + to.y) / 2 - 14}, dim_text, label.c_str());
    }
  }
  for (const auto& n : g.nodes) {
    const ImVec2 c = center(n);
    const ImVec2 p0{c.x - box_w / 2, c.y - box_h / 2}, p1{c.x + box_w / 2, c.y + box_h / 2};
    dl->AddRectFilled(p0, p1, box_fill, 3);
    if (n.utilization >= 0) {  // the busy share fills the box from the left
      const float u = static_cast<float>(std::min(1.0, n.utilization));
      dl->AddRectFilled(p0, {p0.x + u * box_w, p1.y},
                        u >= 0.9f ? IM_COL32(200, 70, 50, 150) : IM_COL32(60, 120, 200, 120), 3);
    }
    dl->AddRect(p0, p1, n.bottleneck ? hot_edge : box_edge, 3, 0, n.bottleneck ? 2.5f : 1);
    dl->PushClipRect(p0, p1, true);
    dl->AddText({p0.x + 4, p0.y + 1}, text_color, short_name(n).c_str());
    dl->AddText({p0.x + 4, p0.y + 15}, dim_text, load_text(n).c_str());
    dl->PopClipRect();
  }
  for (const auto& n : g.nodes)
    if (n.bottleneck)
      ImGui::TextColored({0.95f, 0.35f, 0.25f, 1}, "bottleneck now: %s (%.0f %% busy)", n.name.c_str(),
                         100 * n.utilization);
}

}  // namespace sdsim::viz
