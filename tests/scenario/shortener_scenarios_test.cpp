// Every shipped shortener scenario, briefly, under the virtual clock: request counts for the
// seed, the checker's verdicts and the figures that do not depend on timing.
#include <gtest/gtest.h>

#include "scenarios/report_builder.hpp"
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

}  // namespace
}  // namespace sdsim::testing
