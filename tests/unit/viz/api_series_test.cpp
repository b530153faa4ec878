#include "viz/api_series.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "actors/core/histogram.hpp"

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

namespace sdsim::viz {
namespace {

TEST(ApiSeries, CountsErrorsByKindMostFirst) {
  api_series s;
  auto m = client("request_ride", 10, 4, {}, 1.0);  // 6 timeouts
  auto* o = m.mutable_apis(0)->add_outcomes();
  o->set_kind("overloaded");
  o->set_count(2);
  s.update({m, client("request_ride", 3, 2, {}, 1.0)});  // one more timeout
  const auto& kinds = s.lines()[0].errors_by_kind;
  ASSERT_EQ(kinds.size(), 2u);
  EXPECT_EQ(kinds[0], (std::pair<std::string, uint64_t>{"timeout", 7}));
  EXPECT_EQ(kinds[1], (std::pair<std::string, uint64_t>{"overloaded", 2}));
}

TEST(ApiSeries, LatencyHistogramPutsEachValueInItsOneTwoFiveBin) {
  core::histogram h;
  h.record(50'000);        // 0.05 ms: below the first edge, in the first bin
  h.record(300'000, 2);    // 0.3 ms: the 0.2 ms bin
  h.record(7'000'000);     // 7 ms: the 5 ms bin
  h.record(60'000'000'000);  // 60 s: the open last bin
  HistogramData d;
  h.to_proto(&d);
  const auto bins = latency_histogram(d);
  const auto& edges = latency_bins_ms();
  ASSERT_EQ(bins.size(), edges.size());
  auto bin_of = [&](double ms) {
    return static_cast<std::size_t>(std::find(edges.begin(), edges.end(), ms) - edges.begin());
  };
  EXPECT_EQ(bins[0], 1);
  EXPECT_EQ(bins[bin_of(0.2)], 2);
  EXPECT_EQ(bins[bin_of(5)], 1);
  EXPECT_EQ(bins.back(), 1);
  float total = 0;
  for (float b : bins) total += b;
  EXPECT_EQ(total, 5);
}

}  // namespace
}  // namespace sdsim::viz
