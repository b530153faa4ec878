#include "viz/service_rates.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

ActorMetrics station(const std::string& name, uint32_t shard, uint32_t servers, uint64_t arrivals,
                     double busy_s, uint64_t queue_max) {
  ActorMetrics m;
  auto* s = m.add_services();
  s->set_name(name);
  s->set_shard(shard);
  s->set_servers(servers);
  s->set_arrivals(arrivals);
  s->set_busy_ns(busy_s * 1e9);
  s->set_queue_max(queue_max);
  return m;
}

TEST(ServiceRates, RatesComeFromTwoLooksAndAddUpOverShards) {
  service_rates r;
  r.update({station("x/shard", 0, 2, 100, 1.0, 3), station("x/shard", 1, 2, 50, 0.5, 7)}, 10);
  ASSERT_EQ(r.lines().size(), 1u);
  EXPECT_EQ(r.lines()[0].instances, 2u);
  EXPECT_EQ(r.lines()[0].arrivals_per_s, 0);     // one look: no rate yet
  EXPECT_EQ(r.lines()[0].utilization, -1);
  // Two seconds later: 300 + 150 more arrivals, 2 + 1 more busy server-seconds of 8.
  r.update({station("x/shard", 0, 2, 400, 3.0, 3), station("x/shard", 1, 2, 200, 1.5, 9)}, 12);
  const auto& l = r.lines()[0];
  EXPECT_DOUBLE_EQ(l.arrivals_per_s, 225);
  EXPECT_DOUBLE_EQ(l.utilization, 3.0 / 8.0);
  EXPECT_EQ(l.queue_max, 9u);
}

TEST(ServiceRates, UnlimitedServersHaveNoUtilizationAndARestartedShardNoRate) {
  service_rates r;
  r.update({station("p/provider", 0, 0, 10, 0, 0), station("q/shard", 0, 1, 500, 0, 0)}, 1);
  r.update({station("p/provider", 0, 0, 30, 0, 0), station("q/shard", 0, 1, 20, 0, 0)}, 2);
  ASSERT_EQ(r.lines().size(), 2u);
  EXPECT_DOUBLE_EQ(r.lines()[0].arrivals_per_s, 20);
  EXPECT_EQ(r.lines()[0].utilization, -1);
  EXPECT_EQ(r.lines()[1].arrivals_per_s, 0);  // counters went back: a new incarnation
}

}  // namespace
}  // namespace sdsim::viz
