#include "viz/api_series.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

ActorMetrics client(const std::string& api, uint64_t sent, uint64_t ok, std::vector<uint64_t> per_s,
                    double latency_ms) {
  ActorMetrics m;
  auto* a = m.add_apis();
  a->set_design("ride_hailing");
  a->set_api(api);
  a->set_sent(sent);
  auto* o = a->add_outcomes();
  o->set_kind("ok");
  o->set_count(ok);
  if (sent > ok) {
    auto* e = a->add_outcomes();
    e->set_kind("timeout");
    e->set_count(sent - ok);
  }
  for (auto c : per_s) {
    a->add_per_second_count(c);
    a->add_per_second_latency_sum_ns(static_cast<double>(c) * latency_ms * 1e6);
  }
  return m;
}

TEST(ApiSeries, MergesClientsPerApiAndLeavesTheOpenSecondOut) {
  api_series s;
  s.update({client("request_ride", 10, 9, {3, 4, 2}, 2.0), client("request_ride", 5, 5, {1, 1, 1}, 4.0),
            client("nearby_cabs", 7, 7, {7}, 1.0)});
  ASSERT_EQ(s.lines().size(), 2u);
  const auto& near = s.lines()[0];  // ordered by API name within the design
  const auto& ride = s.lines()[1];
  EXPECT_EQ(near.api, "nearby_cabs");
  EXPECT_TRUE(near.rps.empty());  // its only second is still open
  EXPECT_EQ(ride.sent, 15u);
  EXPECT_EQ(ride.ok, 14u);
  EXPECT_EQ(ride.errors, 1u);
  ASSERT_EQ(ride.rps.size(), 2u);
  EXPECT_FLOAT_EQ(ride.rps[0], 4);
  EXPECT_FLOAT_EQ(ride.rps[1], 5);
  // (3 × 2 ms + 1 × 4 ms) / 4 requests
  EXPECT_FLOAT_EQ(ride.mean_ms[0], 2.5f);
}

TEST(ApiSeries, AnUpdateReplacesThePreviousOne) {
  api_series s;
  s.update({client("request_ride", 10, 10, {5, 5}, 1.0)});
  s.update({});
  EXPECT_TRUE(s.lines().empty());
}

}  // namespace
}  // namespace sdsim::viz
