#include "viz/fault_knobs.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

TEST(FaultKnobs, EachKnobIsTheFaultAScenarioWouldHold) {
  EXPECT_EQ(scenario_text(slow_fault("ride_hailing/location", 10), 12),
            R"(fault { at_s: 12 slow { service: "ride_hailing/location" factor: 10 } })");
  EXPECT_EQ(scenario_text(kill_fault("shortener/shard", 2), 30),
            R"(fault { at_s: 30 kill { service: "shortener/shard" shard: 2 } })");
  EXPECT_EQ(scenario_text(restart_fault("shortener/shard", 2), 40),
            R"(fault { at_s: 40 restart { service: "shortener/shard" shard: 2 } })");
  EXPECT_EQ(scenario_text(fail_fault("notification/fcm", 0.5), 5),
            R"(fault { at_s: 5 fail { service: "notification/fcm" rate: 0.5 } })");
}

}  // namespace
}  // namespace sdsim::viz
