#include "viz/scenario_knobs.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "engine/designs.hpp"
#include "engine/field_path.hpp"
#include "engine/scenario_loader.hpp"

namespace sdsim::viz {
namespace {

Scenario concert() {
  std::vector<std::string> errors;
  auto s = scenarios::load_scenario(SDSIM_SOURCE_DIR "/scenarios/ride_hailing/surge-concert.textproto",
                                    {}, scenarios::all_designs(), errors);
  EXPECT_TRUE(s) << (errors.empty() ? "" : errors.front());
  return s ? s->scenario : Scenario{};
}

const scenario_knob* find(const std::vector<scenario_knob>& ks, const std::string& path) {
  auto it = std::find_if(ks.begin(), ks.end(), [&](const auto& k) { return k.path == path; });
  return it == ks.end() ? nullptr : &*it;
}

TEST(ScenarioKnobs, FindsRatesDriversAndTheIndexWithTheirValues) {
  const auto ks = find_knobs(concert());
  const auto* drivers = find(ks, "ride_hailing.drivers");
  ASSERT_NE(drivers, nullptr);
  EXPECT_EQ(drivers->value, 40000);
  EXPECT_EQ(drivers->label, "drivers");
  const auto* rides = find(ks, "ride_hailing.request_ride[0].constant.rate_per_s");
  ASSERT_NE(rides, nullptr);
  EXPECT_EQ(rides->value, 20);
  // Unset in the file, the index is a knob at its default.
  const auto* index = find(ks, "ride_hailing.index");
  ASSERT_NE(index, nullptr);
  EXPECT_TRUE(index->is_enum);
  EXPECT_EQ(index->enum_value, "QUADTREE");
  EXPECT_EQ(index->choices, (std::vector<std::string>{"QUADTREE", "GEOHASH", "SQLITE_RTREE"}));
}

TEST(ScenarioKnobs, EveryKnobsAssignmentIsAValidSet) {
  Scenario s = concert();
  for (const auto& k : find_knobs(s)) {
    const std::string a = k.is_enum ? assignment(k, k.choices.back()) : assignment(k, k.value * 2);
    EXPECT_EQ(scenarios::apply_assignment(s, a), std::nullopt) << a;
  }
  EXPECT_EQ(s.ride_hailing().drivers(), 80000u);
  EXPECT_EQ(s.ride_hailing().index(), SQLITE_RTREE);
}

}  // namespace
}  // namespace sdsim::viz
