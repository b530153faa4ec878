// Several designs in one run, calling each other through their real APIs, briefly under the
// virtual clock: every design's checks hold, and the calls one design made are the calls the
// other accepted.
#include <gtest/gtest.h>

#include "engine/report_builder.hpp"
#include "tests/support/scenario_runner.hpp"

namespace sdsim::testing {
namespace {

double figure_in(const RunReport& r, const std::string& design, const std::string& name) {
  for (const auto& d : r.designs())
    if (d.name() == design)
      for (const auto& f : d.figures())
        if (f.name() == name) return f.value();
  ADD_FAILURE() << "no figure " << design << "/" << name;
  return -1;
}

TEST(WorldScenarios, RidesNotifyRidersThroughTheNotificationDesign) {
  const auto r = run_one("scenarios/world/documented.textproto",
                         {"clock=VIRTUAL", "duration_s=10", "warmup_s=2"});
  ASSERT_EQ(r.designs_size(), 3);
  expect_all_checks_ok(r);
  EXPECT_EQ(scenarios::exit_code_of(r), 0);
  const double sent = figure_in(r, "ride_hailing", "notifications_sent");
  const double accepted = figure_in(r, "ride_hailing", "notifications_accepted");
  EXPECT_GT(sent, 100);
  // Every push a trip sent was answered; those the notification design refused are the rest.
  EXPECT_LE(accepted, sent);
  // What the notification design accepted from another design is what ride-hailing was told.
  EXPECT_EQ(figure_in(r, "notification", "accepted_from_other_designs"), accepted);
  EXPECT_GT(api_of(r, "shortener", "redirect").requests(), 0u);
}

}  // namespace
}  // namespace sdsim::testing
