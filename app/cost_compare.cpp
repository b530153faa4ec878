#include "app/cost_compare.hpp"

#include <cmath>
#include <functional>
#include <map>

#include <fmt/format.h>

namespace sdsim::scenarios {
namespace {

using google::protobuf::FieldDescriptor;

// Calls `f(field name, value)` for every figure of `c`, in the message's field order.
void each_figure(const CostFigures& c, const std::function<void(const std::string&, double)>& f) {
  const auto* d = c.GetDescriptor();
  const auto* r = c.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) f(d->field(i)->name(), r->GetDouble(c, d->field(i)));
}

double figure(const CostFigures& c, const std::string& name) {
  const auto* field = c.GetDescriptor()->FindFieldByName(name);
  return field ? c.GetReflection()->GetDouble(c, field) : 0;
}

const DesignCost* find_design(const CostFile& f, const std::string& name) {
  for (const auto& d : f.designs())
    if (d.name() == name) return &d;
  return nullptr;
}

cost_row::verdict judge(double measured, double baseline, double tolerance) {
  if (baseline == 0) return measured == 0 ? cost_row::verdict::ok : cost_row::verdict::rose;
  if (measured > baseline * (1 + tolerance)) return cost_row::verdict::rose;
  if (measured < baseline * (1 - tolerance)) return cost_row::verdict::fell;
  return cost_row::verdict::ok;
}

// "instructions_per_request" -> "instructions/request", "setup_instructions_m" -> "setup
// instructions (M)".
std::string label(std::string name) {
  if (auto at = name.find("_per_request"); at != std::string::npos) name.replace(at, 12, "/request");
  if (name.size() > 2 && name.compare(name.size() - 2, 2, "_m") == 0)
    name.replace(name.size() - 2, 2, " (M)");
  for (char& c : name) c = c == '_' ? ' ' : c;
  return name;
}

std::string verdict_text(const cost_row& r) {
  switch (r.v) {
    case cost_row::verdict::ok: return "ok";
    case cost_row::verdict::rose: return "ROSE";
    case cost_row::verdict::fell: return "fell (refresh the baseline)";
    case cost_row::verdict::no_baseline: return "NO BASELINE";
  }
  return "";
}

}  // namespace

CostFigures default_cost_tolerance() {
  CostFigures t;
  t.set_instructions_per_request(0.03);
  t.set_messages_per_request(0.03);
  t.set_statements_per_request(0.03);
  t.set_allocations_per_request(0.03);
  t.set_setup_instructions_m(0.05);
  return t;
}

double cost_row::delta() const {
  if (baseline == 0) return measured == 0 ? 0 : INFINITY;
  return (measured - baseline) / baseline;
}

std::vector<cost_row> compare_costs(const CostFile& measured, const CostFile& baseline) {
  const CostFigures tolerance = baseline.has_tolerance() ? baseline.tolerance() : default_cost_tolerance();
  std::vector<cost_row> rows;
  for (const auto& d : measured.designs()) {
    const DesignCost* b = find_design(baseline, d.name());
    each_figure(d.figures(), [&](const std::string& name, double value) {
      cost_row r{d.name(), name, value, b ? figure(b->figures(), name) : 0, figure(tolerance, name)};
      r.v = b ? judge(r.measured, r.baseline, r.tolerance) : cost_row::verdict::no_baseline;
      rows.push_back(r);
    });
  }
  return rows;
}

bool cost_gate_fails(const std::vector<cost_row>& rows) {
  for (const auto& r : rows)
    if (r.v == cost_row::verdict::rose || r.v == cost_row::verdict::no_baseline) return true;
  return false;
}

std::string toolchain_differences(const Toolchain& here, const Toolchain& baseline) {
  std::string out;
  const auto* d = here.GetDescriptor();
  const auto* r = here.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const std::string a = r->GetString(here, d->field(i)), b = r->GetString(baseline, d->field(i));
    if (a != b) out += fmt::format("{}: {} here, {} in the baseline\n", d->field(i)->name(), a, b);
  }
  return out;
}

CostFile updated_baseline(const CostFile& baseline, const CostFile& measured) {
  CostFile out = measured;
  *out.mutable_tolerance() = baseline.has_tolerance() ? baseline.tolerance() : default_cost_tolerance();
  out.clear_designs();
  std::map<std::string, DesignCost> by_name;
  for (const auto& d : baseline.designs()) by_name[d.name()] = d;
  for (const auto& d : measured.designs()) by_name[d.name()] = d;
  for (auto& [name, d] : by_name) *out.add_designs() = std::move(d);
  return out;
}

std::string render_cost_table(const CostFile& measured, const std::vector<cost_row>& rows,
                              bool judged) {
  std::string out;
  for (const auto& d : measured.designs()) {
    out += fmt::format("{} — {:.0f} requests\n", d.name(), d.requests());
    out += fmt::format("  {:<26} {:>14} {:>14} {:>9} {:>6}  {}\n", "figure", "measured",
                       "baseline", "delta", "tol", "verdict");
    for (const auto& r : rows) {
      if (r.design != d.name()) continue;
      const bool have = r.v != cost_row::verdict::no_baseline;
      out += fmt::format("  {:<26} {:>14.2f} {:>14} {:>9} {:>6}  {}\n", label(r.figure),
                         r.measured, have ? fmt::format("{:.2f}", r.baseline) : "-",
                         have && std::isfinite(r.delta()) ? fmt::format("{:+.2f} %", 100 * r.delta()) : "-",
                         have ? fmt::format("{:.0f} %", 100 * r.tolerance) : "-",
                         judged ? verdict_text(r) : "");
    }
  }
  return out;
}

}  // namespace sdsim::scenarios
