#include "viz/side_panels.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <imgui.h>

#include "engine/report_text.hpp"
#include "viz/fault_knobs.hpp"
#include "viz/map_panel.hpp"
#include "viz/scenario_knobs.hpp"

namespace sdsim::viz {
namespace {

ImVec4 color_of(uint32_t c) {
  return ImGui::ColorConvertU32ToFloat4(c);
}

void plot(const char* id, const std::vector<float>& v, const std::string& overlay, float height) {
  // The last two minutes: a longer history would squeeze the recent seconds into a pixel.
  const int n = static_cast<int>(std::min<std::size_t>(v.size(), 120));
  const float* first = v.empty() ? nullptr : v.data() + (v.size() - n);
  float top = 0;
  for (int i = 0; i < n; ++i) top = std::max(top, first[i]);
  ImGui::PlotLines(id, first, n, 0, overlay.c_str(), 0.0f, top > 0 ? top * 1.15f : 1.0f,
                   {ImGui::GetContentRegionAvail().x, height});
}

}  // namespace

void draw_services(const live_session& session) {
  const auto load = session.service_load();
  if (load.empty()) return;
  if (!ImGui::CollapsingHeader("services (arrivals and busy share, last second)",
                               ImGuiTreeNodeFlags_DefaultOpen))
    return;
  if (!ImGui::BeginTable("services", 5, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
  for (const char* h : {"service", "instances", "arrivals/s", "utilization", "queue max"})
    ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& s : load) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.name.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%u x %s", s.instances, s.servers ? std::to_string(s.servers).c_str() : "inf");
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", s.arrivals_per_s);
    ImGui::TableNextColumn();
    if (s.utilization >= 0) {
      // Red from 90 %: a station that busy is about to queue without bound.
      const float u = static_cast<float>(std::min(1.0, s.utilization));
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, u >= 0.9f ? ImVec4{0.9f, 0.3f, 0.2f, 1} : ImVec4{0.3f, 0.6f, 0.9f, 1});
      ImGui::ProgressBar(u, {110, 0}, fmt::format("{:.0f} %", 100 * s.utilization).c_str());
      ImGui::PopStyleColor();
    } else {
      ImGui::TextDisabled("-");
    }
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(s.queue_max));
  }
  ImGui::EndTable();
}

namespace {

// Completions by latency in 1-2-5 bins from 0.1 ms to 10 s: where the mass and the tail sit.
void latency_bars(const api_line& a) {
  if (a.latency_hist.empty()) return;
  const auto& edges = latency_bins_ms();
  std::size_t lo = a.latency_hist.size(), hi = 0;
  for (std::size_t i = 0; i < a.latency_hist.size(); ++i)
    if (a.latency_hist[i] > 0) lo = std::min(lo, i), hi = i;
  if (lo > hi) return;
  const auto label = [](double ms) {
    return ms < 1000 ? fmt::format("{:g} ms", ms) : fmt::format("{:g} s", ms / 1000);
  };
  const std::string span = fmt::format("latency histogram {} .. {}", label(edges[lo]),
                                       hi + 1 < edges.size() ? label(edges[hi + 1]) : "more");
  ImGui::PlotHistogram(("##hist" + a.api).c_str(), a.latency_hist.data() + lo,
                       static_cast<int>(hi - lo + 1), 0, span.c_str(), 0, FLT_MAX,
                       {ImGui::GetContentRegionAvail().x, 34});
}

}  // namespace

namespace {

// The designs' own figures, a curve each over the last two minutes (text figures as text).
void draw_figures(const live_session& session) {
  const auto figures = session.figures();
  if (figures.empty()) return;
  ImGui::TextDisabled("the designs' figures, once a second");
  for (const auto& f : figures) {
    if (!f.text.empty()) {
      ImGui::TextWrapped("%s: %s", f.name.c_str(), f.text.c_str());
      continue;
    }
    plot(("##fig" + f.name).c_str(), f.history, fmt::format("{}: {:g}", f.name, f.value), 34);
  }
}

}  // namespace

void draw_charts(const live_session& session) {
  const auto apis = session.apis();
  if (apis.empty()) {
    ImGui::TextUnformatted("waiting for the first counters...");
    return;
  }
  ImGui::TextDisabled("per sim second, the last two minutes; totals since sim time 0");
  for (const auto& a : apis) {
    if (a.sent == 0) continue;
    ImGui::Text("%s/%s  sent %llu  ok %llu  errors %llu  p50 %.2f ms  p99 %.2f ms", a.design.c_str(),
                a.api.c_str(), static_cast<unsigned long long>(a.sent),
                static_cast<unsigned long long>(a.ok), static_cast<unsigned long long>(a.errors),
                a.p50_ms, a.p99_ms);
    const float rps = a.rps.empty() ? 0 : a.rps.back();
    const float ms = a.mean_ms.empty() ? 0 : a.mean_ms.back();
    plot(("##rps" + a.api).c_str(), a.rps, fmt::format("{:.0f} /s", rps), 34);
    plot(("##ms" + a.api).c_str(), a.mean_ms, fmt::format("mean {:.2f} ms", ms), 34);
    latency_bars(a);
    if (!a.errors_by_kind.empty()) {
      std::string kinds = "errors:";
      for (const auto& [kind, n] : a.errors_by_kind) kinds += fmt::format("  {} {}", kind, n);
      ImGui::TextColored({1, 0.55f, 0.45f, 1}, "%s", kinds.c_str());
    }
  }
  draw_figures(session);
}

void draw_legend(const live_session& session) {
  const auto slot = session.map();
  if (!slot) return;
  const auto pts = slot->points();
  std::vector<std::size_t> count(slot->legend().kinds.size(), 0);
  if (pts)
    for (auto k : pts->kind)
      if (k < count.size()) ++count[k];
  const auto& colors = map_panel::colors();
  for (std::size_t k = 0; k < count.size(); ++k) {
    if (k) ImGui::SameLine();
    ImGui::TextColored(color_of(colors[k % colors.size()]), "* %s %zu", slot->legend().kinds[k].c_str(), count[k]);
  }
  ImGui::TextColored(color_of(IM_COL32(255, 70, 70, 255)), "# %s %zu", slot->legend().marks.c_str(),
                     pts ? pts->marks.size() : 0);
  ImGui::SameLine();
  ImGui::TextColored(color_of(IM_COL32(255, 210, 80, 255)), "- %s %zu", slot->legend().lines.c_str(),
                     pts ? pts->lines.size() : 0);
  const auto heat = slot->heat();
  ImGui::TextColored(color_of(IM_COL32(255, 110, 40, 255)), "%s: %zu cells above 1",
                     slot->legend().heat.c_str(), heat ? heat->cells.size() : 0);
}

namespace {

void speed_controls(live_session& session, const run_status& st) {
  float speed = static_cast<float>(st.speed);
  ImGui::SetNextItemWidth(160);
  if (ImGui::SliderFloat("speed (sim s per wall s)", &speed, 0.05f, 4.0f, "%.2f",
                         ImGuiSliderFlags_Logarithmic))
    session.set_speed(speed);
  ImGui::SameLine();
  if (st.paused ? ImGui::Button("resume") : ImGui::Button("pause"))
    st.paused ? session.resume() : session.pause();
}

void fault_controls(live_session& session, std::string& message) {
  for (const auto& svc : session.services()) {
    ImGui::PushID(svc.name.c_str());
    ImGui::TextUnformatted(svc.name.c_str());
    ImGui::SameLine(190);
    if (ImGui::SmallButton("slow x10")) session.fault(slow_fault(svc.name, 10));
    ImGui::SameLine();
    if (ImGui::SmallButton("heal")) {
      session.fault(slow_fault(svc.name, 1));
      session.fault(fail_fault(svc.name, 0));
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("fail 50%")) session.fault(fail_fault(svc.name, 0.5));
    // Which shard kill and restart act on: chosen per service, kept between frames.
    static std::map<std::string, int> shard_of;
    int& shard = shard_of[svc.name];
    ImGui::SameLine();
    if (ImGui::SmallButton("kill")) session.fault(kill_fault(svc.name, static_cast<uint32_t>(shard)));
    ImGui::SameLine();
    if (ImGui::SmallButton("restart"))
      session.fault(restart_fault(svc.name, static_cast<uint32_t>(shard)));
    if (svc.shards > 1) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(70);
      if (ImGui::InputInt("shard", &shard, 0)) shard = std::clamp(shard, 0, static_cast<int>(svc.shards) - 1);
    }
    ImGui::PopID();
  }
  const auto done = session.faults();
  for (std::size_t i = done.size() > 4 ? done.size() - 4 : 0; i < done.size(); ++i)
    ImGui::TextWrapped("%s -> %s", scenario_text(done[i].fault, done[i].fault.at_s()).c_str(),
                       done[i].result.c_str());
  (void)message;
}

void restart_controls(live_session& session, std::string& message) {
  // Edits are kept per knob until applied, so a half-typed value survives the next frame.
  static std::map<std::string, double> edits;
  for (const auto& k : find_knobs(session.scenario())) {
    ImGui::PushID(k.path.c_str());
    if (k.is_enum) {
      for (const auto& c : k.choices) {
        if (ImGui::RadioButton(c.c_str(), c == k.enum_value) && c != k.enum_value) {
          std::string why;
          message = session.restart_with(assignment(k, c), &why) ? "restarted with " + assignment(k, c) : why;
        }
        ImGui::SameLine();
      }
      ImGui::TextUnformatted(k.label.c_str());
    } else {
      auto it = edits.try_emplace(k.path, k.value).first;
      ImGui::SetNextItemWidth(120);
      ImGui::InputDouble(k.label.c_str(), &it->second, 0, 0, "%.10g");
      ImGui::SameLine();
      if (ImGui::SmallButton("apply")) {
        std::string why;
        const std::string a = assignment(k, it->second);
        message = session.restart_with(a, &why) ? "restarted with " + a : why;
        edits.erase(it);
      }
    }
    ImGui::PopID();
  }
}

// The finished run's summary, as `sdsim run` prints it (made once per run, not per frame).
void draw_report(const live_session& session, uint32_t run) {
  static uint32_t shown_run = 0;
  static std::string text;
  if (shown_run != run) {
    text = scenarios::render_summary(session.last_report());
    // ImGui's built-in font stops at Latin-1: the summary's dashes would show as '?'.
    for (std::size_t at; (at = text.find("\u2014")) != std::string::npos;) text.replace(at, 3, "-");
    shown_run = run;
  }
  if (!ImGui::CollapsingHeader("report of the finished run", ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::BeginChild("report", {0, 0}, true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(text.c_str());
  ImGui::EndChild();
}

}  // namespace

void draw_trace(const live_session& session) {
  const request_trace t = session.trace();
  if (t.id == 0) {
    if (session.map()) ImGui::TextDisabled("click a pickup line or a waiting rider for its trace");
    return;
  }
  if (!ImGui::CollapsingHeader("trace of the ride clicked (sim time, service, hop)",
                               ImGuiTreeNodeFlags_DefaultOpen))
    return;
  ImGui::TextUnformatted(format_trace(t).c_str());
}

void draw_controls(live_session& session, std::string& message) {
  const run_status st = session.status();
  ImGui::Text("run %u: sim %.1f / %.0f s%s%s", st.runs, st.sim_s, st.duration_s,
              st.paused ? "  (paused)" : "", st.finished ? "  (finished)" : "");
  if (!st.error.empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", st.error.c_str());
  if (st.finished) {
    ImGui::SameLine();
    if (ImGui::SmallButton("run again")) session.rerun();
  }
  speed_controls(session, st);
  bool express = session.express();
  if (ImGui::Checkbox("express: summaries only, no map points (for a busy host)", &express))
    session.set_express(express);
  if (ImGui::CollapsingHeader("faults (applied now, recorded in the report)", ImGuiTreeNodeFlags_DefaultOpen))
    fault_controls(session, message);
  if (ImGui::CollapsingHeader("scenario (restarts the run with --set)", ImGuiTreeNodeFlags_DefaultOpen))
    restart_controls(session, message);
  if (!message.empty()) ImGui::TextWrapped("%s", message.c_str());
  ImGui::TextWrapped("replay: %s", session.replay_command().c_str());
  if (st.finished) draw_report(session, st.runs);
}

}  // namespace sdsim::viz
