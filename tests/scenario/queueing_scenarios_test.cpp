// Every shipped queueing scenario, briefly, under the virtual clock: the request counts its
// seed produces, the checkers' verdicts and the report's shape. A behaviour change shows up
// here as a changed count; latencies are never pinned.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "engine/report_builder.hpp"
#include "tests/support/scenario_runner.hpp"

namespace sdsim::testing {
namespace {

const std::vector<std::string> brief = {"clock=VIRTUAL", "duration_s=20"};

TEST(QueueingScenarios, Mm1) {
  const auto r = run_one("scenarios/queueing/mm1.textproto", brief);
  const auto& a = api_of(r, "queueing", "serve");
  EXPECT_EQ(a.requests(), 14283u);
  EXPECT_EQ(a.ok(), a.requests());
  EXPECT_EQ(service_of(r, "queueing/station").instances(), 1u);
  EXPECT_EQ(r.bottleneck(), "queueing/station");
  expect_all_checks_ok(r);
  EXPECT_EQ(scenarios::exit_code_of(r), 0);
}

TEST(QueueingScenarios, MmcVariantsShareTheSeed) {
  const auto runs = run_scenario_file("scenarios/queueing/mmc.textproto", brief);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].variant(), "pooled");
  EXPECT_EQ(runs[1].variant(), "separate");
  // Same seed, same traffic: the variants differ only in the station.
  EXPECT_EQ(api_of(runs[0], "queueing", "serve").requests(), 14352u);
  EXPECT_EQ(api_of(runs[1], "queueing", "serve").requests(), 14352u);
  EXPECT_EQ(service_of(runs[0], "queueing/station").instances(), 1u);
  EXPECT_EQ(service_of(runs[1], "queueing/station").instances(), 4u);
  for (const auto& r : runs) expect_all_checks_ok(r);
}

TEST(QueueingScenarios, OverloadIsUnstableNotSaturated) {
  const auto r = run_one("scenarios/queueing/overload.textproto", {"clock=VIRTUAL"});
  const auto& a = api_of(r, "queueing", "serve");
  EXPECT_EQ(a.requests(), 34162u);
  EXPECT_GT(a.errors_size(), 0);
  EXPECT_EQ(a.errors(0).kind(), "timeout");
  EXPECT_FALSE(a.errors(0).definite());
  const auto& s = service_of(r, "queueing/station");
  EXPECT_TRUE(s.unstable());
  EXPECT_EQ(r.bottleneck(), "queueing/station");
  EXPECT_FALSE(r.saturated());
  expect_all_checks_ok(r);  // conservation holds even when half the requests time out
  EXPECT_EQ(scenarios::exit_code_of(r), 0);
}

TEST(VirtualClock, SameSeedGivesIdenticalReports) {
  auto strip = [](RunReport r) {
    r.clear_wall_s();
    r.clear_host();
    return r;
  };
  const std::vector<std::string> sets = {"clock=VIRTUAL", "duration_s=60"};
  const auto a = strip(run_one("scenarios/queueing/mm1.textproto", sets));
  const auto b = strip(run_one("scenarios/queueing/mm1.textproto", sets));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(a, b));
  const auto c = strip(run_one("scenarios/queueing/mm1.textproto",
                               {"clock=VIRTUAL", "duration_s=60", "seed=43"}));
  EXPECT_NE(api_of(a, "queueing", "serve").requests(), api_of(c, "queueing", "serve").requests());
}

TEST(QueueingScenarios, SlowServerBuildsAQueueThatDrains) {
  const auto r = run_one("scenarios/queueing/slow-server.textproto", {"clock=VIRTUAL"});
  ASSERT_EQ(r.faults_size(), 2);
  EXPECT_EQ(r.faults(0).at_s(), 10);
  EXPECT_EQ(r.faults(0).result(), "applied");
  EXPECT_EQ(r.faults(1).at_s(), 15);
  const auto& s = service_of(r, "queueing/station");
  EXPECT_FALSE(s.unstable());  // the backlog clears before arrivals stop
  // The queue is short before the fault, long at its end, short again well after.
  ASSERT_GE(s.queue_depth_per_s_size(), 40);
  EXPECT_LT(s.queue_depth_per_s(5), 50u);
  EXPECT_GT(s.queue_depth_per_s(14), 1000u);
  EXPECT_LT(s.queue_depth_per_s(39), 50u);
  EXPECT_EQ(api_of(r, "queueing", "serve").requests(), 23829u);
  expect_all_checks_ok(r);
}


// The same file on simulated nodes and in one process: the station's shards spread one per
// node, every node serves, and the model's counts are the same as without nodes.
TEST(QueueingScenarios, ThreeNodesOnSimulatedNodesServeWhatOneProcessServes) {
  const auto placed = run_one("scenarios/queueing/three-nodes.textproto", {"clock=VIRTUAL"});
  expect_all_checks_ok(placed);
  ASSERT_EQ(placed.nodes_size(), 3);
  uint64_t served = 0;
  for (const auto& n : placed.nodes()) {
    EXPECT_EQ(n.shards(), 1u) << n.name();
    EXPECT_GT(n.requests(), 0u) << n.name();
    served += n.requests();
  }
  // The same scenario without its nodes.
  std::vector<std::string> errors;
  auto s = scenarios::load_scenario(std::string(SDSIM_SOURCE_DIR) +
                                        "/scenarios/queueing/three-nodes.textproto",
                                    {"clock=VIRTUAL"}, scenarios::all_designs(), errors);
  ASSERT_TRUE(s);
  s->scenario.mutable_topology()->clear_node();
  s->scenario.mutable_topology()->mutable_service(0)->clear_nodes();
  scenarios::run_options quiet;
  quiet.quiet = true;
  const auto alone = scenarios::run_scenario(s->scenario, "", "", scenarios::all_designs(), quiet);
  EXPECT_EQ(alone.nodes_size(), 0);
  const auto& a = api_of(placed, "queueing", "serve");
  EXPECT_EQ(a.requests(), api_of(alone, "queueing", "serve").requests());
  EXPECT_EQ(a.ok(), a.requests());
  EXPECT_EQ(served, service_of(alone, "queueing/station").arrivals());
}

// A node killed and back: its station is spawned there again and the clients send to it
// (what they sent while it was away times out).
TEST(QueueingScenarios, AStationComesBackWithItsNode) {
  std::vector<std::string> errors;
  auto s = scenarios::load_scenario(std::string(SDSIM_SOURCE_DIR) +
                                        "/scenarios/queueing/three-nodes.textproto",
                                    {"clock=VIRTUAL"}, scenarios::all_designs(), errors);
  ASSERT_TRUE(s);
  auto* f = s->scenario.add_fault();
  f->set_at_s(4);
  f->mutable_node_kill()->set_node("n2");
  f->mutable_node_kill()->set_restart_after_s(2);
  scenarios::run_options quiet;
  quiet.quiet = true;
  const auto r = scenarios::run_scenario(s->scenario, "", "", scenarios::all_designs(), quiet);
  EXPECT_EQ(fault_events(r), (std::vector<std::string>{"kill node n2", "node n2 lost",
                                                       "restart node n2", "node n2 rejoined"}));
  ASSERT_EQ(r.nodes_size(), 3);
  EXPECT_EQ(r.nodes(1).rejoins(), 1u);
  EXPECT_GT(r.nodes(1).requests(), 500u);   // served by its station after the return
  EXPECT_GT(errors_of(api_of(r, "queueing", "serve"), "timeout"), 0u);
  expect_all_checks_ok(r);
}

}  // namespace
}  // namespace sdsim::testing
