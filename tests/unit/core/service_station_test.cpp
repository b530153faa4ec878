// A station's counters on hand-driven event sequences: Little's law between the area and the
// sojourns, the measurement window, refusals and the queue high-water mark.
#include "actors/core/service_station.hpp"

#include <utility>

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

constexpr sim_ns ms = ns_per_ms;

service_station station(sim_ns window_start, uint32_t servers = 1, uint32_t queue_limit = 0) {
  return service_station("queueing/station", 3, capacity_model(servers, distribution{}, queue_limit),
                         window_start);
}

TEST(ServiceStation, LittlesLawOnAHandDrivenSequence) {
  auto s = station(0);
  // One server, 5 ms each, arrivals at 0, 1, 2 ms: served [0,5), [5,10), [10,15).
  const auto a = s.arrive_with(0, 5 * ms);
  const auto b = s.arrive_with(1 * ms, 5 * ms);
  const auto c = s.arrive_with(2 * ms, 5 * ms);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(s.in_system(), 3u);
  s.depart(0, a->end);
  s.depart(1 * ms, b->end);
  s.depart(2 * ms, c->end);
  EXPECT_EQ(s.in_system(), 0u);

  ServiceMetrics m;
  s.to_proto(&m, 20 * ms);
  EXPECT_EQ(m.name(), "queueing/station");
  EXPECT_EQ(m.shard(), 3u);
  EXPECT_EQ(m.servers(), 1u);
  EXPECT_EQ(m.arrivals(), 3u);
  EXPECT_EQ(m.departures(), 3u);
  EXPECT_EQ(m.rejected(), 0u);
  EXPECT_EQ(m.busy_ns(), 15.0 * ms);
  // Number in system: 1 on [0,1), 2 on [1,2), 3 on [2,5), 2 on [5,10), 1 on [10,15), 0 after.
  EXPECT_EQ(m.area_in_system_ns(), (1 + 2 + 9 + 10 + 5) * static_cast<double>(ms));
  // Sojourns 5, 9 and 13 ms.
  EXPECT_EQ(m.sojourn_sum_ns(), 27.0 * ms);
  EXPECT_EQ(m.sojourn_count(), 3u);
  // Little's law, L = lambda * W, over [0, T]: area / T == (arrivals / T) * (sojourn / count).
  const double t = 20.0 * ms;
  EXPECT_DOUBLE_EQ(m.area_in_system_ns() / t,
                   (m.arrivals() / t) * (m.sojourn_sum_ns() / m.sojourn_count()));
  EXPECT_EQ(m.queue_max(), 2u);
  ASSERT_EQ(m.queue_depth_per_s_size(), 1);
  EXPECT_EQ(m.queue_depth_per_s(0), 2u);
}

TEST(ServiceStation, LittlesLawWithTwoServersAndInterleavedDepartures) {
  auto s = station(0, 2);
  // Departures reported in time order as the actor sees them, interleaved with arrivals.
  const auto a = *s.arrive_with(0, 10 * ms);       // [0, 10)
  const auto b = *s.arrive_with(2 * ms, 3 * ms);   // [2, 5)
  const auto c = *s.arrive_with(4 * ms, 4 * ms);   // waits for b: [5, 9)
  s.depart(2 * ms, b.end);
  const auto d = *s.arrive_with(6 * ms, 1 * ms);   // waits for c: [9, 10)
  s.depart(4 * ms, c.end);
  s.depart(0, a.end);
  s.depart(6 * ms, d.end);
  ServiceMetrics m;
  s.to_proto(&m, d.end);
  double sojourns = 0;
  for (auto [arrival, r] : {std::pair{0 * ms, a}, {2 * ms, b}, {4 * ms, c}, {6 * ms, d}})
    sojourns += static_cast<double>(r.end - arrival);
  EXPECT_EQ(m.sojourn_sum_ns(), sojourns);
  EXPECT_EQ(m.area_in_system_ns(), sojourns);  // everything arrived and left in the window
  EXPECT_EQ(m.busy_ns(), 18.0 * ms);
  EXPECT_EQ(m.queue_max(), 1u);
}

TEST(ServiceStation, WindowStartExcludesEarlierArrivals) {
  auto s = station(10 * ms);
  const auto early = *s.arrive_with(0, 20 * ms);       // [0, 20): warm-up
  const auto late = *s.arrive_with(12 * ms, 5 * ms);   // waits: [20, 25)
  s.depart(0, early.end);
  s.depart(12 * ms, late.end);
  ServiceMetrics m;
  s.to_proto(&m, 30 * ms);
  EXPECT_EQ(m.arrivals(), 1u);
  EXPECT_EQ(m.departures(), 1u);
  EXPECT_EQ(m.sojourn_count(), 1u);
  EXPECT_EQ(m.sojourn_sum_ns(), 13.0 * ms);
  EXPECT_EQ(m.busy_ns(), 5.0 * ms);
  // The area counts from the window's start, the warm-up request included while it is there:
  // 1 on [10,12), 2 on [12,20), 1 on [20,25).
  EXPECT_EQ(m.area_in_system_ns(), (2 + 16 + 5) * static_cast<double>(ms));
  // Per-second queue depths are indexed from the window's start.
  ASSERT_EQ(m.queue_depth_per_s_size(), 1);
  EXPECT_EQ(m.queue_depth_per_s(0), 1u);
}

TEST(ServiceStation, QueueDepthSeriesIndexedBySecondOfTheWindow) {
  auto s = station(1 * ns_per_s);
  s.arrive_with(1 * ns_per_s, 2 * ns_per_s);               // second 0, nobody waits
  s.arrive_with(1 * ns_per_s + 10 * ms, 1 * ns_per_s);     // second 0, waits
  s.arrive_with(4 * ns_per_s + 500 * ms, 1 * ns_per_s);    // second 3: served at once
  ServiceMetrics m;
  s.to_proto(&m, 6 * ns_per_s);
  ASSERT_EQ(m.queue_depth_per_s_size(), 4);
  EXPECT_EQ(m.queue_depth_per_s(0), 1u);
  EXPECT_EQ(m.queue_depth_per_s(1), 0u);
  EXPECT_EQ(m.queue_depth_per_s(2), 0u);
  EXPECT_EQ(m.queue_depth_per_s(3), 0u);
}

TEST(ServiceStation, RejectedCountedWhenTheQueueLimitIsHit) {
  auto s = station(5 * ms, 1, /*queue_limit=*/1);
  ASSERT_TRUE(s.arrive_with(0, 100 * ms));       // in service
  ASSERT_TRUE(s.arrive_with(1 * ms, 1 * ms));    // waits
  EXPECT_FALSE(s.arrive_with(2 * ms, 1 * ms));   // refused before the window: not counted
  EXPECT_FALSE(s.arrive_with(6 * ms, 1 * ms));   // refused in the window
  EXPECT_FALSE(s.arrive_with(7 * ms, 1 * ms));
  EXPECT_EQ(s.in_system(), 2u);  // refusals never enter the system
  ServiceMetrics m;
  s.to_proto(&m, 10 * ms);
  EXPECT_EQ(m.rejected(), 2u);
  EXPECT_EQ(m.arrivals(), 0u);
}

// A window that cuts through requests: one in service when it opens, one still in service
// when it is read. The area is their time inside the window plus the whole sojourns of the
// others: Little's law holds exactly, without an allowance for the edges.
TEST(ServiceStation, LittlesLawIsExactWhenTheWindowCutsThroughRequests) {
  auto s = station(10 * ms, 1);
  // Events in the order the actor sees them.
  const auto early = s.arrive_with(4 * ms, 10 * ms);    // [4, 14): 4 ms inside the window
  const auto inside = s.arrive_with(12 * ms, 3 * ms);   // waits: [14, 17), sojourn 5 ms
  ASSERT_TRUE(early && inside);
  s.depart(4 * ms, early->end);
  s.depart(12 * ms, inside->end);
  ASSERT_TRUE(s.arrive_with(20 * ms, 50 * ms));         // [20, 70): read at 30 ms

  ServiceMetrics m;
  s.to_proto(&m, 30 * ms);
  EXPECT_EQ(m.arrivals(), 2u);  // the early one arrived before the window
  EXPECT_EQ(m.sojourn_sum_ns(), 5.0 * ms);
  EXPECT_EQ(m.edge_in_system_ns(), (4 + 10) * static_cast<double>(ms));
  // In system: 1 on [10, 12), 2 on [12, 14), 1 on [14, 17), 0 on [17, 20), 1 on [20, 30).
  EXPECT_EQ(m.area_in_system_ns(), (2 + 4 + 3 + 10) * static_cast<double>(ms));
  EXPECT_EQ(m.area_in_system_ns(), m.sojourn_sum_ns() + m.edge_in_system_ns());
}

TEST(ServiceStation, QueueMaxIsTheHighWaterMarkOfWaiters) {
  auto s = station(0);
  for (int i = 0; i < 5; ++i) s.arrive_with(i * ms, 10 * ms);  // 4 wait behind the first
  s.arrive_with(100 * ms, 1 * ms);  // all served by now
  ServiceMetrics m;
  s.to_proto(&m, 200 * ms);
  EXPECT_EQ(m.queue_max(), 4u);
}

TEST(ServiceStation, BacklogAtEndIsFrozenAtTheFirstMark) {
  auto s = station(0);
  s.arrive_with(0, 10 * ms);
  s.arrive_with(0, 10 * ms);
  s.mark_arrivals_end(5 * ms);   // booked until 20 ms
  s.mark_arrivals_end(15 * ms);  // later marks change nothing
  ServiceMetrics m;
  s.to_proto(&m, 30 * ms);
  EXPECT_EQ(m.backlog_ns_at_end(), 15.0 * ms);

  auto unmarked = station(0);
  ServiceMetrics n;
  unmarked.to_proto(&n, 30 * ms);
  EXPECT_EQ(n.backlog_ns_at_end(), 0);
}

}  // namespace
}  // namespace sdsim::core
