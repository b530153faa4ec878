// Every shipped ride-hailing scenario, briefly and scaled down where its full size would take
// minutes, under the virtual clock: request counts for the seed, the checker's verdicts, and
// the figures that tell each scenario's story.
#include <gtest/gtest.h>

#include "engine/report_builder.hpp"
#include "tests/support/scenario_runner.hpp"

namespace sdsim::testing {
namespace {

constexpr int ride_checks = 7;

void expect_ride_checks_ok(const RunReport& r) {
  expect_all_checks_ok(r);
  EXPECT_EQ(r.designs(0).checks_size(), ride_checks);
  EXPECT_EQ(scenarios::exit_code_of(r), 0);
}

TEST(RideHailingScenarios, DocumentedMatchesRidesAndKeepsEveryInvariant) {
  const auto r = run_one("scenarios/ride_hailing/documented.textproto",
                         {"clock=VIRTUAL", "duration_s=8", "warmup_s=2",
                          "ride_hailing.drivers=100000", "ride_hailing.warm_start=false"});
  EXPECT_EQ(api_of(r, "ride_hailing", "request_ride").requests(), 696u);
  EXPECT_EQ(api_of(r, "ride_hailing", "nearby_cabs").requests(), 29839u);
  EXPECT_GT(api_of(r, "ride_hailing", "accept_ride").requests(), 0u);
  EXPECT_GT(api_of(r, "ride_hailing", "track_trip").requests(), 0u);
  EXPECT_NEAR(figure_of(r, "pings_per_s"), 25000, 250);   // every driver every 4 s
  EXPECT_GT(figure_of(r, "match_rate"), 0.95);
  EXPECT_GT(figure_of(r, "rides_matched"), 100);
  EXPECT_GT(figure_of(r, "time_to_match_p50"), 0);
  EXPECT_EQ(figure_of(r, "illegal_moves_refused"), 0);
  // A driver who drove into another shard's region left the old shard's index: each free
  // driver is indexed once (more would be ghosts offered rides they cannot see).
  EXPECT_LE(figure_of(r, "drivers_available_at_end"), 100000 - figure_of(r, "rides_matched") + 1000);
  EXPECT_GT(figure_of(r, "drivers_available_at_end"), 90000);
  expect_ride_checks_ok(r);
}

// Started warm, the documented mix runs at its steady rates from the first second: the rides
// Little's law gives for the bookings are under way, their riders track them, their drivers
// reach pickups and destinations, and the free drivers are in the index before anyone pings.
TEST(RideHailingScenarios, DocumentedStartsWarmWithTheRidesUnderWay) {
  const auto r = run_one("scenarios/ride_hailing/documented.textproto",
                         {"clock=VIRTUAL", "duration_s=12", "warmup_s=2", "drain_s=5",
                          "ride_hailing.drivers=100000",
                          "ride_hailing.request_ride[0].constant.rate_per_s=11.6",
                          "ride_hailing.nearby_cabs[0].constant.rate_per_s=500"});
  // 11.6 bookings/s x ~9 min a ride (3.6 km median at 8 m/s, plus the match and pickup).
  const double under_way = figure_of(r, "rides_under_way_at_start");
  EXPECT_GT(under_way, 5500);
  EXPECT_LT(under_way, 7500);
  // Every rider of a ride under way polls it every 10 s, from the start.
  const auto& track = api_of(r, "ride_hailing", "track_trip");
  EXPECT_NEAR(static_cast<double>(track.requests()) / 10, under_way / 10, under_way / 50);
  EXPECT_EQ(track.ok(), track.requests());
  EXPECT_GT(api_of(r, "ride_hailing", "end_trip").requests(), 50u);  // trips finish meanwhile
  EXPECT_GT(figure_of(r, "payments_confirmed"), 50);
  // New bookings come from customers who have no ride under way: none is refused.
  const auto& book = api_of(r, "ride_hailing", "request_ride");
  EXPECT_EQ(book.ok(), book.requests());
  // Free drivers were indexed before the first ping, once each.
  const double free_now = 100000 - figure_of(r, "trips_in_progress_at_end");
  EXPECT_NEAR(figure_of(r, "drivers_available_at_end"), free_now, free_now * 0.01);
  EXPECT_GT(figure_of(r, "match_rate"), 0.95);
  expect_ride_checks_ok(r);
}

TEST(RideHailingScenarios, SurgeRisesAtTheConcertAndFallsAfter) {
  const auto r = run_one("scenarios/ride_hailing/surge-concert.textproto", {"clock=VIRTUAL"});
  EXPECT_EQ(api_of(r, "ride_hailing", "request_ride").requests(), 6773u);
  EXPECT_DOUBLE_EQ(figure_of(r, "surge_arena_t0050s"), 1.0);  // before the crowd
  EXPECT_DOUBLE_EQ(figure_of(r, "surge_peak_arena"), 3.0);    // at the bound during it
  EXPECT_DOUBLE_EQ(figure_of(r, "surge_arena_t0150s"), 3.0);
  EXPECT_LT(figure_of(r, "surge_arena_t0300s"), 1.5);          // back down after
  EXPECT_DOUBLE_EQ(figure_of(r, "surge_peak_downtown"), 1.0);  // the rest of the city calm
  EXPECT_GT(figure_of(r, "trips_completed"), 100);
  EXPECT_GT(figure_of(r, "payments_confirmed"), 100);
  EXPECT_GT(api_of(r, "ride_hailing", "rate_trip").requests(), 0u);
  expect_ride_checks_ok(r);
}

TEST(RideHailingScenarios, DriverShortageLeavesRidesUnmatchedButNeverDoubleBooks) {
  const auto r = run_one("scenarios/ride_hailing/driver-shortage.textproto",
                         {"clock=VIRTUAL", "duration_s=150"});
  EXPECT_EQ(api_of(r, "ride_hailing", "request_ride").requests(), 3826u);
  EXPECT_LT(figure_of(r, "match_rate"), 0.8);
  EXPECT_GT(figure_of(r, "cancelled_no_driver"), 500);
  EXPECT_GT(figure_of(r, "driver_utilization_max"), 0.9);
  EXPECT_GT(figure_of(r, "cancelled_changed_plans"), 0);
  expect_ride_checks_ok(r);  // one active trip per driver even when every driver is wanted
}

TEST(RideHailingScenarios, IndexStrategiesAnswerAlikeAndSqlFallsBehindAtScale) {
  std::vector<std::string> errors;
  auto s = scenarios::load_scenario(
      std::string(SDSIM_SOURCE_DIR) + "/scenarios/ride_hailing/index-strategies.textproto",
      {"clock=VIRTUAL"}, scenarios::all_designs(), errors);
  ASSERT_TRUE(s) << (errors.empty() ? "" : errors.front());
  ASSERT_EQ(s->scenario.variant_size(), 4);
  scenarios::run_options opts;
  opts.quiet = true;
  std::map<std::string, RunReport> runs;
  for (const auto& v : s->scenario.variant()) {
    Scenario sc = scenarios::apply_variant(s->scenario, v);
    // The same window for all (the R*Tree variants shorten theirs for the real clock).
    sc.set_duration_s(15);
    sc.set_warmup_s(3);
    if (v.name() == "sqlite-rtree-1m") {
      // The same modeled work as 1M drivers (250K pings/s at 25 us) with a tenth of the
      // drivers at ten times the cost: a test cannot wait for 3M real SQLite writes.
      sc.mutable_ride_hailing()->set_drivers(100000);
      sc.mutable_ride_hailing()->set_ping_cost_us(250);
      sc.set_duration_s(8);
    }
    runs[v.name()] = scenarios::run_scenario(sc, "index-strategies", v.name(),
                                             scenarios::all_designs(), opts);
  }
  for (const char* name : {"quadtree", "geohash", "sqlite-rtree"}) {
    const auto& r = runs[name];
    EXPECT_EQ(api_of(r, "ride_hailing", "request_ride").requests(), 363u) << name;
    EXPECT_FALSE(service_of(r, "ride_hailing/location").unstable()) << name;
    EXPECT_GT(figure_of(r, "match_rate"), 0.95) << name;
    expect_ride_checks_ok(r);
  }
  // How much each index measures to answer the same query.
  EXPECT_LT(figure_of(runs["quadtree"], "candidates_per_query"), 200);
  EXPECT_GT(figure_of(runs["sqlite-rtree"], "candidates_per_query"), 1000);
  EXPECT_GT(figure_of(runs["geohash"], "candidates_per_query"),
            figure_of(runs["sqlite-rtree"], "candidates_per_query"));
  const auto& sql = runs["sqlite-rtree-1m"];
  EXPECT_TRUE(service_of(sql, "ride_hailing/location").unstable());
  EXPECT_GT(service_of(sql, "ride_hailing/location").utilization(), 1.0);
  expect_all_checks_ok(sql);  // behind, but nothing wrong: no double booking, no lost ride
}

// Location shards on three simulated nodes and pricing on n2, n2 killed and back: searches
// in its shard's regions find no drivers meanwhile (never hang), riders' requests to pricing
// time out until it is spawned again, its shard refills from the drivers' pings, no driver is
// ever booked twice, and the run is replayed byte for byte.
// n2 holds a location shard, pricing, matching, rating and trip's primary: trip fails over
// to its copy on n3, the others are spawned again on n2's return.
TEST(RideHailingScenarios, ThreeNodesBringBackEveryServiceOfAKilledNode) {
  const auto r = expect_three_nodes_recover_node_n2("scenarios/ride_hailing/three-nodes.textproto");
  const auto& request = api_of(r, "ride_hailing", "request_ride");
  const uint64_t lost = errors_of(request, "timeout");
  EXPECT_GT(lost, 0u);                          // sent to pricing while n2 was down
  EXPECT_LT(lost, request.requests() / 4);      // 3 s of 20
  EXPECT_EQ(request.ok() + lost, request.requests());
  EXPECT_GT(errors_of(api_of(r, "ride_hailing", "accept_ride"), "timeout"), 0u);  // matching away
  EXPECT_EQ(figure_of(r, "trip_copies"), 2);
  EXPECT_GT(figure_of(r, "trip_failovers"), 0);
  EXPECT_GT(figure_of(r, "trip_writes_replicated"), 0);
  EXPECT_GT(figure_of(r, "rides_matched"), 0);  // by the matching spawned again, too
  EXPECT_EQ(figure_of(r, "payments_pending_at_end"), 0);  // the new primary charged again
}

// The same file with trip in one copy on n2: it dies with n2, reopens its file there, and
// asks again for what went unanswered; nothing it acknowledged is lost and every charge of a
// completed trip is settled.
TEST(RideHailingScenarios, ATripServiceKilledWithItsNodeReopensItsFileAndLosesNothing) {
  const auto r = expect_three_nodes_recover_node_n2("scenarios/ride_hailing/three-nodes.textproto",
                                                    {"topology.service[4].replicas=1"});
  EXPECT_GT(errors_of(api_of(r, "ride_hailing", "end_trip"), "timeout"), 0u);  // trip away
  EXPECT_GT(figure_of(r, "trips_completed"), 0);
  EXPECT_EQ(figure_of(r, "payments_pending_at_end"), 0);  // charges lost with n2 asked again
}

}  // namespace
}  // namespace sdsim::testing
