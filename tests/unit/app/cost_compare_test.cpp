#include "app/cost_compare.hpp"

#include <gtest/gtest.h>

namespace sdsim::scenarios {
namespace {

DesignCost design(const std::string& name, double instructions, double messages) {
  DesignCost d;
  d.set_name(name);
  d.set_requests(1000);
  d.mutable_figures()->set_instructions_per_request(instructions);
  d.mutable_figures()->set_messages_per_request(messages);
  d.mutable_figures()->set_setup_instructions_m(50);
  return d;
}

CostFile file(std::vector<DesignCost> designs) {
  CostFile f;
  f.mutable_toolchain()->set_compiler("g++ 12.2.0");
  *f.mutable_tolerance() = default_cost_tolerance();
  for (auto& d : designs) *f.add_designs() = std::move(d);
  return f;
}

// Each figure of `f` times `factor` (the baseline a test judges against).
CostFile scaled(CostFile f, double factor) {
  for (auto& d : *f.mutable_designs()) {
    auto* x = d.mutable_figures();
    x->set_instructions_per_request(x->instructions_per_request() * factor);
    x->set_messages_per_request(x->messages_per_request() * factor);
    x->set_statements_per_request(x->statements_per_request() * factor);
    x->set_allocations_per_request(x->allocations_per_request() * factor);
    x->set_setup_instructions_m(x->setup_instructions_m() * factor);
  }
  return f;
}

const cost_row& row(const std::vector<cost_row>& rows, const std::string& figure) {
  for (const auto& r : rows)
    if (r.figure == figure) return r;
  throw std::runtime_error("no row " + figure);
}

TEST(CostCompare, PassesOnTheTrueBaselineAndFailsOnOneTenPercentLower) {
  const CostFile measured = file({design("shortener", 32000, 7)});
  EXPECT_FALSE(cost_gate_fails(compare_costs(measured, measured)));
  const auto rows = compare_costs(measured, scaled(measured, 0.9));
  EXPECT_TRUE(cost_gate_fails(rows));
  EXPECT_EQ(row(rows, "instructions_per_request").v, cost_row::verdict::rose);
  EXPECT_NEAR(row(rows, "instructions_per_request").delta(), 1 / 0.9 - 1, 1e-9);
  EXPECT_EQ(row(rows, "statements_per_request").v, cost_row::verdict::ok) << "0 against 0";
}

TEST(CostCompare, ARiseWithinTheToleranceIsOkAndAFallIsNoFailure) {
  const CostFile measured = file({design("queueing", 12598, 4)});
  EXPECT_FALSE(cost_gate_fails(compare_costs(measured, scaled(measured, 0.975))));  // +2.6 %
  const auto rows = compare_costs(measured, scaled(measured, 1.2));
  EXPECT_FALSE(cost_gate_fails(rows));
  EXPECT_EQ(row(rows, "instructions_per_request").v, cost_row::verdict::fell);
}

TEST(CostCompare, ADesignWithoutBaselineFails) {
  const auto rows = compare_costs(file({design("chat", 1, 1)}), file({design("queueing", 1, 1)}));
  EXPECT_TRUE(cost_gate_fails(rows));
  EXPECT_EQ(rows.front().v, cost_row::verdict::no_baseline);
}

TEST(CostCompare, AFigureRisingFromZeroFails) {
  const CostFile base = file({design("queueing", 100, 4)});
  CostFile measured = base;
  measured.mutable_designs(0)->mutable_figures()->set_statements_per_request(0.5);
  EXPECT_TRUE(cost_gate_fails(compare_costs(measured, base)));
}

TEST(CostCompare, NamesEveryToolchainDifference) {
  Toolchain a, b;
  a.set_compiler("g++ 12.2.0");
  b.set_compiler("g++ 13.1.0");
  a.set_sqlite("3.40.1");
  b.set_sqlite("3.40.1");
  EXPECT_EQ(toolchain_differences(a, a), "");
  EXPECT_EQ(toolchain_differences(a, b), "compiler: g++ 12.2.0 here, g++ 13.1.0 in the baseline\n");
}

TEST(CostCompare, AnUpdatedBaselineKeepsTheDesignsNotMeasuredAndItsTolerances) {
  CostFile base = file({design("queueing", 100, 4), design("shortener", 200, 7)});
  base.mutable_tolerance()->set_instructions_per_request(0.02);
  const CostFile out = updated_baseline(base, file({design("shortener", 150, 7)}));
  ASSERT_EQ(out.designs_size(), 2);
  EXPECT_EQ(out.designs(0).name(), "queueing");
  EXPECT_EQ(out.designs(0).figures().instructions_per_request(), 100);
  EXPECT_EQ(out.designs(1).figures().instructions_per_request(), 150);
  EXPECT_EQ(out.tolerance().instructions_per_request(), 0.02);
}

TEST(CostCompare, TheTableShowsDeltasAndVerdicts) {
  const CostFile measured = file({design("shortener", 33000, 7)});
  const std::string table =
      render_cost_table(measured, compare_costs(measured, scaled(measured, 0.9)), true);
  EXPECT_NE(table.find("shortener — 1000 requests"), std::string::npos) << table;
  EXPECT_NE(table.find("instructions/request"), std::string::npos) << table;
  EXPECT_NE(table.find("+11.11 %"), std::string::npos) << table;
  EXPECT_NE(table.find("ROSE"), std::string::npos) << table;
  EXPECT_NE(table.find("setup instructions (M)"), std::string::npos) << table;
}

}  // namespace
}  // namespace sdsim::scenarios
