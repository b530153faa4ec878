// Tests for engine/report_builder.hpp: what supervisors report reaches the design's report
// in time order, with its two figures, and the text summary prints a line for each.
#include "engine/report_builder.hpp"

#include <gtest/gtest.h>

#include "engine/designs.hpp"
#include "engine/report_text.hpp"

namespace sdsim::scenarios {
namespace {

SupervisionEvent event(double at_s, const std::string& child, bool restarted) {
  SupervisionEvent e;
  e.set_at_ns(core::from_s(at_s));
  e.set_child(child);
  e.set_reason("system_error(runtime_error)");
  e.set_restarted(restarted);
  e.set_max_restarts(3);
  e.set_window_s(10);
  return e;
}

double figure(const DesignReport& d, const std::string& name) {
  for (const auto& f : d.figures())
    if (f.name() == name) return f.value();
  ADD_FAILURE() << "no figure " << name;
  return -1;
}

TEST(ReportBuilderTest, SupervisionEventsInTimeOrderWithTheirFigures) {
  std::vector<ActorMetrics> metrics(2);
  *metrics[0].add_supervision() = event(5, "shortener/shard 1", true);
  *metrics[0].add_supervision() = event(6, "shortener/shard 1", false);
  *metrics[1].add_supervision() = event(2, "shortener/shard 0", true);
  RunReport run;
  auto* d = run.add_designs();
  build_design_report(*all_designs().find("shortener"), metrics, {}, d);
  ASSERT_EQ(d->supervision_size(), 3);
  EXPECT_EQ(d->supervision(0).at_ns(), core::from_s(2));
  EXPECT_EQ(d->supervision(2).at_ns(), core::from_s(6));
  EXPECT_EQ(figure(*d, "supervised_restarts"), 2);
  EXPECT_EQ(figure(*d, "supervisors_gave_up"), 1);
  const auto text = render_summary(run);
  EXPECT_NE(text.find("crash at 2.000 s: shortener/shard 0 (system_error(runtime_error)) — "
                      "restarted by its supervisor"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("crash at 6.000 s: shortener/shard 1 (system_error(runtime_error)) — "
                      "not restarted: more than 3 restarts within 10 s, it stays down"),
            std::string::npos)
      << text;
}

TEST(ReportBuilderTest, NoCrashesNoSupervisionFigures) {
  DesignReport d;
  build_design_report(*all_designs().find("shortener"), {ActorMetrics{}}, {}, &d);
  EXPECT_EQ(d.supervision_size(), 0);
  for (const auto& f : d.figures()) EXPECT_EQ(f.name().find("supervis"), std::string::npos);
}

}  // namespace
}  // namespace sdsim::scenarios
