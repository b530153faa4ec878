// Every shipped shortener scenario, briefly, under the virtual clock: request counts for the
// seed, the checker's verdicts and the figures that do not depend on timing.
#include <gtest/gtest.h>

#include "engine/report_builder.hpp"
#include "tests/support/scenario_runner.hpp"

namespace sdsim::testing {
namespace {

const DesignReport& design_of(const RunReport& r) { return r.designs(0); }

TEST(ShortenerScenarios, Documented) {
  const auto r = run_one("scenarios/shortener/documented.textproto",
                         {"clock=VIRTUAL", "duration_s=20"});
  const auto& create = api_of(r, "shortener", "create_url");
  const auto& redirect = api_of(r, "shortener", "redirect");
  EXPECT_EQ(create.requests(), 555u);
  EXPECT_EQ(redirect.requests(), 57743u);
  // The refusals the scenario injects come back as definite errors of their kinds.
  EXPECT_GT(errors_of(create, "unauthenticated"), 0u);
  EXPECT_GT(errors_of(create, "invalid_argument") + errors_of(create, "too_large"), 0u);
  EXPECT_EQ(errors_of(redirect, "timeout"), 0u);
  EXPECT_GT(figure_of(r, "cache_hit_ratio"), 0.8);
  expect_all_checks_ok(r);
  EXPECT_EQ(design_of(r).checks_size(), 4);
  EXPECT_EQ(scenarios::exit_code_of(r), 0);
}

TEST(ShortenerScenarios, ViralLinkTakesHalfTheClicks) {
  const auto runs = run_scenario_file("scenarios/shortener/viral-link.textproto",
                                      {"clock=VIRTUAL", "duration_s=15"});
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_NEAR(figure_of(runs[0], "hottest_key_share"), 0.55, 0.05);
  EXPECT_GT(figure_of(runs[0], "cache_hit_ratio"), 0.9);
  EXPECT_EQ(figure_of(runs[1], "cache_hit_ratio"), 0);
  // Same seed, same traffic; without the cache the shards work harder.
  EXPECT_EQ(api_of(runs[0], "shortener", "redirect").requests(),
            api_of(runs[1], "shortener", "redirect").requests());
  EXPECT_GT(service_of(runs[1], "shortener/shard").utilization(),
            3 * service_of(runs[0], "shortener/shard").utilization());
  for (const auto& r : runs) expect_all_checks_ok(r);
}

TEST(ShortenerScenarios, CounterKeysMakeTheKgsTheBottleneck) {
  const auto runs = run_scenario_file("scenarios/shortener/key-strategies.textproto",
                                      {"clock=VIRTUAL", "duration_s=15"});
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].variant(), "kgs");
  EXPECT_EQ(runs[1].variant(), "counter");
  EXPECT_EQ(runs[2].variant(), "md5");
  EXPECT_NE(runs[0].bottleneck(), "shortener/kgs");
  EXPECT_EQ(runs[1].bottleneck(), "shortener/kgs");
  EXPECT_NE(runs[2].bottleneck(), "shortener/kgs");
  for (const auto& r : runs) {
    EXPECT_EQ(api_of(r, "shortener", "create_url").requests(), 4034u) << r.variant();
    expect_all_checks_ok(r);
  }
}

TEST(ShortenerScenarios, KilledShardLosesNoAcknowledgedMapping) {
  const auto r = run_one("scenarios/shortener/shard-restart.textproto", {"clock=VIRTUAL"});
  ASSERT_EQ(r.faults_size(), 2);
  EXPECT_EQ(r.faults(0).result(), "applied");
  EXPECT_EQ(r.faults(1).result(), "applied");
  const auto& redirect = api_of(r, "shortener", "redirect");
  EXPECT_GT(errors_of(redirect, "shard_down"), 0u);  // failed at once while it was down
  EXPECT_EQ(errors_of(redirect, "timeout"), 0u);
  expect_all_checks_ok(r);  // the audit finds every acknowledged mapping
}

// Simulated nodes: the real-process failover scenario under the virtual clock, twice, gives
// the same report byte for byte, faults included.
TEST(ShortenerScenarios, NodeFailoverOnSimulatedNodesIsReplayedExactly) {
  const std::vector<std::string> sets{"clock=VIRTUAL"};
  const auto a = run_one("scenarios/shortener/node-failover.textproto", sets);
  const auto b = run_one("scenarios/shortener/node-failover.textproto", sets);
  EXPECT_EQ(without_host(a).SerializeAsString(), without_host(b).SerializeAsString());
  EXPECT_EQ(fault_events(a), (std::vector<std::string>{"kill node n2", "node n2 lost",
                                                       "restart node n2", "node n2 rejoined"}));
  const auto& redirect = api_of(a, "shortener", "redirect");
  EXPECT_EQ(errors_of(redirect, "timeout"), 0u);
  EXPECT_GE(figure_of(a, "elections"), 1);   // n2 held a primary: another copy took over
  // n2 held a primary and a copy: the primary comes back with no position (its own writes are
  // not positioned) and takes a snapshot; the copy knows its position and is sent the rest.
  EXPECT_GT(figure_of(a, "caught_up_rows"), 0);
  EXPECT_GT(figure_of(a, "caught_up_writes"), 0);
  ASSERT_EQ(a.nodes_size(), 3);
  EXPECT_GT(a.nodes(0).requests(), 0u);
  EXPECT_EQ(a.nodes(1).losses(), 1u);    // what n2's first copies served died with them
  EXPECT_EQ(a.nodes(1).rejoins(), 1u);
  EXPECT_GT(a.nodes(2).requests(), 0u);
  expect_all_checks_ok(a);
}

// A simulated node frozen past its connection timeout is declared dead then (its requests
// time out meanwhile), fenced at the resume, and its copies rejoin.
TEST(ShortenerScenarios, PausedSimulatedNodeIsDeclaredDeadAfterItsTimeout) {
  const auto r = run_one("scenarios/shortener/node-failover.textproto",
                         {"clock=VIRTUAL", "fault[0].node_pause.node=n3",
                          "fault[0].node_pause.for_s=4"});
  std::vector<std::pair<double, std::string>> events;
  for (const auto& f : r.faults()) events.emplace_back(f.at_s(), f.what());
  EXPECT_EQ(events, (std::vector<std::pair<double, std::string>>{
                        {4, "pause node n3"}, {5, "node n3 lost"}, {8, "resume node n3"},
                        {8, "node n3 fenced"}, {8, "node n3 rejoined"}}));
  EXPECT_GT(errors_of(api_of(r, "shortener", "redirect"), "timeout"), 0u);
  expect_all_checks_ok(r);
}

// A partition between two nodes cuts replication between the copies on them: each primary
// goes on without the copy it cannot reach (writes acknowledged degraded, shown), the copy
// catches up by sequence when the link heals, and no acknowledged mapping is lost.
TEST(ShortenerScenarios, PartitionBetweenNodesDegradesWritesAndCatchesUpAfter) {
  const auto r = run_one("scenarios/shortener/node-failover.textproto",
                         {"clock=VIRTUAL", "fault[0].partition.from=n1",
                          "fault[0].partition.to=n2", "fault[0].partition.for_s=3"});
  EXPECT_EQ(fault_events(r), (std::vector<std::string>{"partition n1 <-> n2",
                                                       "partition ends n1 <-> n2"}));
  for (const auto& f : r.faults()) EXPECT_EQ(f.result(), "applied") << f.what();
  EXPECT_GT(figure_of(r, "degraded_writes"), 0);
  EXPECT_GT(figure_of(r, "caught_up_writes"), 0);
  EXPECT_EQ(figure_of(r, "elections"), 0);   // every primary stayed up
  expect_all_checks_ok(r);
}

// A slow, lossy link between two nodes loses nothing (TCP sends again, in order): writes
// whose copies are across it wait longer, and every acknowledged mapping is there.
TEST(ShortenerScenarios, LossyLinkBetweenNodesSlowsWritesAndLosesNothing) {
  const auto r = run_one("scenarios/shortener/node-failover.textproto",
                         {"clock=VIRTUAL", "fault[0].link.from=n1", "fault[0].link.to=n2",
                          "fault[0].link.delay_ms=50", "fault[0].link.loss=0.2",
                          "fault[0].link.for_s=6"});
  EXPECT_GT(api_of(r, "shortener", "create_url").latency_ms().p99(), 50);
  EXPECT_EQ(figure_of(r, "degraded_writes"), 0);
  expect_all_checks_ok(r);
}

// Overlapping outages on simulated nodes, on many seeds: the copy that missed writes waits for
// the one that holds them, and no acknowledged mapping is ever lost.
TEST(ShortenerScenarios, OverlappingNodeKillsLoseNothingOnAnySeed) {
  for (int seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto r = run_one("scenarios/shortener/overlapping-kills.textproto",
                           {"clock=VIRTUAL", "seed=" + std::to_string(seed)});
    EXPECT_EQ(figure_of(r, "copies_that_waited"), 1);
    expect_all_checks_ok(r);
    EXPECT_EQ(scenarios::exit_code_of(r), 0);
  }
}

// Every shortener service on nodes: n2 (a gateway, the KGS's primary, shard copies) killed
// and back: the KGS and the shards fail over to their copies, n2's gateway is spawned again,
// no key is handed out twice and no acknowledged mapping is lost; replayed byte for byte.
TEST(ShortenerScenarios, EveryServiceOnNodesRecoversAKilledNode) {
  const auto r = expect_three_nodes_recover_node_n2("scenarios/shortener/all-on-nodes.textproto");
  EXPECT_GT(figure_of(r, "kgs_failovers"), 0);
  EXPECT_GT(errors_of(api_of(r, "shortener", "redirect"), "timeout"), 0u);  // n2's gateway away
}

}  // namespace
}  // namespace sdsim::testing
