// Every design's request flow names its own services (or its clients), so the topology view
// never draws a box for a service that does not exist.
#include <set>

#include <gtest/gtest.h>

#include "engine/designs.hpp"

namespace sdsim::scenarios {
namespace {

TEST(DesignFlow, EveryEdgeJoinsTheDesignsOwnServicesOrItsClients) {
  for (const auto* d : all_designs().all()) {
    std::set<std::string> known = {d->name() + "/clients"};
    for (const auto& s : d->services()) known.insert(s.name);
    EXPECT_FALSE(d->flow().empty()) << d->name();
    for (const auto& e : d->flow()) {
      EXPECT_TRUE(known.count(e.from)) << d->name() << ": " << e.from;
      EXPECT_TRUE(known.count(e.to)) << d->name() << ": " << e.to;
    }
  }
}

}  // namespace
}  // namespace sdsim::scenarios
