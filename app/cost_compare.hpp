// The cost gate's verdict: each design's counted figures against the committed baseline.
#pragma once

#include <string>
#include <vector>

#include "scenarios/cost.pb.h"

namespace sdsim::scenarios {

/// The tolerances a new baseline starts with: instructions and allocations may rise 3 %,
/// the counted messages and statements 3 %, setup 5 % (it includes loading files whose
/// paths differ between checkouts).
CostFigures default_cost_tolerance();

/// One figure of one design.
struct cost_row {
  enum class verdict { ok, rose, fell, no_baseline };
  std::string design;
  std::string figure;     ///< the CostFigures field's name
  double measured = 0;
  double baseline = 0;
  double tolerance = 0;   ///< fraction
  verdict v = verdict::ok;
  /// (measured − baseline) / baseline; 0 when both are 0.
  double delta() const;
};

/// Every figure of every measured design; designs the baseline lacks get `no_baseline` rows.
std::vector<cost_row> compare_costs(const CostFile& measured, const CostFile& baseline);

/// True when a row rose beyond its tolerance or has no baseline.
bool cost_gate_fails(const std::vector<cost_row>& rows);

/// "" when both were counted with the same toolchain; else one line per difference
/// ("compiler: X here, Y in the baseline").
std::string toolchain_differences(const Toolchain& here, const Toolchain& baseline);

/// `baseline` with the measured designs' figures and `measured`'s toolchain and date; the
/// designs not measured keep their entries, and the tolerances stay.
CostFile updated_baseline(const CostFile& baseline, const CostFile& measured);

/// The table the gate prints: per design, each figure with its baseline, delta and verdict
/// (no verdicts when not `judged`: measured without a baseline to judge by).
std::string render_cost_table(const CostFile& measured, const std::vector<cost_row>& rows,
                              bool judged);

}  // namespace sdsim::scenarios
