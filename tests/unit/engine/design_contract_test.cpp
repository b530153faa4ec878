// The typed design contract: each design's APIs come from its proto enum, in value order, and
// the engine finds each design's scenario field by its configuration type.
#include <gtest/gtest.h>

#include "actors/core/design.hpp"
#include "engine/designs.hpp"
#include "engine/scenario_loader.hpp"

namespace sdsim::scenarios {
namespace {

TEST(DesignContract, ApisAreTheProtoEnumsValuesInOrder) {
  const auto* shortener = all_designs().find("shortener");
  ASSERT_NE(shortener, nullptr);
  EXPECT_EQ(shortener->apis(), (std::vector<std::string>{"create_url", "redirect", "delete_url"}));
  const auto* ride = all_designs().find("ride_hailing");
  ASSERT_NE(ride, nullptr);
  EXPECT_EQ(ride->apis().front(), "nearby_cabs");
  EXPECT_EQ(ride->apis().back(), "rate_trip");
}

TEST(DesignContract, AnEnumWhoseValuesLackItsPrefixIsRefused) {
  // Clock's values (REAL, VIRTUAL) do not start with CLOCK_: not an API enum.
  EXPECT_THROW(core::api_names(google::protobuf::GetEnumDescriptor<Clock>()), std::logic_error);
}

TEST(DesignContract, EachDesignsFieldIsFoundByItsConfigurationType) {
  Scenario s;
  s.mutable_shortener();
  s.mutable_queueing();
  const auto enabled = enabled_designs(s, all_designs());
  ASSERT_EQ(enabled.size(), 2u);
  for (const auto* d : enabled) {
    const auto& config = design_config(s, *d);
    EXPECT_EQ(config.GetDescriptor(), d->config_type()) << d->name();
    // By convention the field bears the design's name.
    EXPECT_EQ(config.GetDescriptor(), Scenario::descriptor()->FindFieldByName(d->name())->message_type());
  }
}

}  // namespace
}  // namespace sdsim::scenarios
