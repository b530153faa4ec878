// Every shipped notification scenario, briefly, under the virtual clock: request counts for
// the seed, the checker's verdicts, and the figures that tell the scenario's story.
#include <gtest/gtest.h>

#include "engine/report_builder.hpp"
#include "tests/support/scenario_runner.hpp"

namespace sdsim::testing {
namespace {

TEST(NotificationScenarios, Documented) {
  const auto r = run_one("scenarios/notification/documented.textproto",
                         {"clock=VIRTUAL", "duration_s=8", "warmup_s=1"});
  EXPECT_EQ(api_of(r, "notification", "notify").requests(), 21968u);
  EXPECT_EQ(api_of(r, "notification", "set_preferences").requests(), 140u);
  EXPECT_EQ(api_of(r, "notification", "register_device").requests(), 81u);
  // Every terminal state the design knows shows up at this scale.
  EXPECT_GT(figure_of(r, "delivered"), 0);
  EXPECT_GT(figure_of(r, "suppressed_by_preference"), 0);
  EXPECT_GT(figure_of(r, "deduplicated"), 0);
  EXPECT_GT(figure_of(r, "invalid_device"), 0);
  EXPECT_GT(figure_of(r, "retries"), 0);
  EXPECT_EQ(figure_of(r, "duplicates_dropped_by_devices"), 0);
  // Pushes take up to a second, so in a short window many are cut by its edges; Little's law
  // still holds on the providers, their edge time counted (a 1 % allowance once failed here).
  EXPECT_GT(service_of(r, "notification/fcm").edge_in_system(), 0);
  expect_all_checks_ok(r);
  EXPECT_EQ(r.designs(0).checks_size(), 7);
  EXPECT_EQ(scenarios::exit_code_of(r), 0);
}

TEST(NotificationScenarios, ProviderOutageBacksOffAndDeliversAfterRecovery) {
  const auto r = run_one("scenarios/notification/provider-outage.textproto",
                         {"clock=VIRTUAL", "notification.notify[0].constant.rate_per_s=150",
                          "duration_s=45"});
  ASSERT_EQ(r.faults_size(), 2);
  EXPECT_EQ(r.faults(0).result(), "applied");
  EXPECT_EQ(r.faults(1).result(), "applied");
  EXPECT_EQ(api_of(r, "notification", "notify").requests(), 6509u);
  EXPECT_GT(figure_of(r, "dlq_size"), 0);         // the earliest failures reached the cap
  EXPECT_GT(figure_of(r, "delivered"), 10 * figure_of(r, "dead_lettered"));
  EXPECT_GT(figure_of(r, "queue_depth_max"), 1000);
  expect_all_checks_ok(r);  // one terminal state each, nothing left pending, cap respected
}

TEST(NotificationScenarios, QuotaThrottlesAtTheProviderOrPacesAtTheSender) {
  const auto runs = run_scenario_file("scenarios/notification/quota.textproto",
                                      {"clock=VIRTUAL", "duration_s=6"});
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_GT(figure_of(runs[0], "throttled"), 1000);   // 429s from the provider
  EXPECT_EQ(figure_of(runs[1], "throttled"), 0);      // paced below the quota: none
  for (const auto& r : runs) {
    EXPECT_EQ(api_of(r, "notification", "notify").requests(), 8066u) << r.variant();
    EXPECT_EQ(figure_of(r, "dlq_size"), 0) << r.variant();    // throttling is not failure
    EXPECT_GT(figure_of(r, "delivery_latency_p50"), 1000) << r.variant();  // waited in line
    expect_all_checks_ok(r);
  }
}

TEST(NotificationScenarios, KilledQueueShardLosesNothingAcknowledged) {
  const auto r = run_one("scenarios/notification/shard-restart.textproto", {"clock=VIRTUAL"});
  ASSERT_EQ(r.faults_size(), 2);
  EXPECT_EQ(r.faults(0).result(), "applied");
  EXPECT_EQ(r.faults(1).result(), "applied");
  const auto& notify = api_of(r, "notification", "notify");
  EXPECT_EQ(notify.requests(), 28005u);
  EXPECT_GT(errors_of(notify, "shard_down"), 0u);   // failed at once while it was down
  EXPECT_EQ(errors_of(notify, "timeout"), 0u);
  EXPECT_GT(figure_of(r, "recovered_after_restart"), 0);
  expect_all_checks_ok(r);  // every acknowledged notification is in the database, terminal
}

// Gateways, queue shards (two copies each) and workers on three simulated nodes, n2 killed
// and back: the shards whose primary was on n2 fail over to their copies (no user is
// refused), the new primaries deliver what the old ones had acknowledged, n2's copies catch
// up on its return, and the run is replayed byte for byte.
TEST(NotificationScenarios, ThreeNodesRecoverAKilledNodeAndLoseNothingAcknowledged) {
  const auto r = expect_three_nodes_recover_node_n2("scenarios/notification/three-nodes.textproto");
  const auto& notify = api_of(r, "notification", "notify");
  EXPECT_EQ(errors_of(notify, "shard_down"), 0u);      // failed over, not refused
  EXPECT_GT(errors_of(notify, "timeout"), 0u);         // the gateway on n2 was away
  EXPECT_EQ(figure_of(r, "queue_copies_per_shard"), 2);
  EXPECT_GT(figure_of(r, "queue_failovers"), 0);
  EXPECT_GT(figure_of(r, "queue_writes_replicated"), 0);
  EXPECT_GT(figure_of(r, "recovered_after_restart"), 0);  // the new primaries' pending lines
  EXPECT_GT(notify.ok(), notify.requests() * 8 / 10);   // n2 was down 3 s of 16
}

// The same with one copy per shard: n2's shard refuses its users at once while it is away,
// then goes on from its SQLite file.
TEST(NotificationScenarios, ThreeNodesWithOneCopyRefuseAKilledNodesUsersThenGoOn) {
  const auto r = expect_three_nodes_recover_node_n2("scenarios/notification/three-nodes.textproto",
                                                    {"topology.service[1].replicas=1"});
  const auto& notify = api_of(r, "notification", "notify");
  EXPECT_GT(errors_of(notify, "shard_down"), 0u);    // n2's users refused while it was down
  EXPECT_GT(figure_of(r, "recovered_after_restart"), 0);
}

}  // namespace
}  // namespace sdsim::testing
