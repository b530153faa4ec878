// The model against queueing theory. Virtual clock: M/M/1 mean within 2 % of 1/(mu - lambda)
// and p99 within 5 % of its exponential quantile; M/M/c within 2 % of Erlang C; Little's law
// within 1 % on every run. Real clock at speed 1: M/M/1 at rho 0.8 within 15 %, with the
// host's timer lateness reported beside it.
#include <cmath>
#include <iostream>

#include <gtest/gtest.h>

#include "actors/queueing/queueing_theory.hpp"
#include "tests/support/scenario_runner.hpp"

namespace sdsim::testing {
namespace {

constexpr double mu = 1000;  // mm1.textproto: one server, exponential 1 ms

struct mm1_case {
  double rho;
  double duration_s;
};

class Mm1Fidelity : public ::testing::TestWithParam<mm1_case> {};

TEST_P(Mm1Fidelity, MeanAndP99MatchTheory) {
  const auto [rho, duration] = GetParam();
  const double lambda = rho * mu;
  const auto r = run_one("scenarios/queueing/mm1.textproto",
                         {"clock=VIRTUAL", "seed=42", "duration_s=" + std::to_string(duration),
                          "queueing.workload[0].shape[0].constant.rate_per_s=" +
                              std::to_string(lambda)});
  const auto& l = api_of(r, "queueing", "serve").latency_ms();
  const double mean = 1e3 * queueing::mmc_mean_sojourn_s(1, lambda, mu);
  const double p99 = 1e3 * queueing::mm1_sojourn_quantile_s(0.99, lambda, mu);
  std::cout << "rho " << rho << ": mean " << l.mean() << " ms (theory " << mean << ", ±"
            << l.mean_ci95() << "), p99 " << l.p99() << " ms (theory " << p99 << ")\n";
  EXPECT_NEAR(l.mean(), mean, 0.02 * mean);
  EXPECT_NEAR(l.p99(), p99, 0.05 * p99);
  expect_all_checks_ok(r);
  EXPECT_FALSE(r.saturated());
}

INSTANTIATE_TEST_SUITE_P(Rho, Mm1Fidelity,
                         ::testing::Values(mm1_case{0.5, 1000}, mm1_case{0.8, 2000},
                                           mm1_case{0.9, 5000}));

TEST(MmcFidelity, PooledAndSeparateMatchErlangC) {
  const auto runs = run_scenario_file("scenarios/queueing/mmc.textproto",
                                      {"clock=VIRTUAL", "duration_s=1500"});
  ASSERT_EQ(runs.size(), 2u);
  // pooled: M/M/4 with mu = 250/s each; separate: four M/M/1 at a quarter of the load.
  const double pooled = 1e3 * queueing::mmc_mean_sojourn_s(4, 800, 250);
  const double separate = 1e3 * queueing::mmc_mean_sojourn_s(1, 200, 250);
  const double got_pooled = api_of(runs[0], "queueing", "serve").latency_ms().mean();
  const double got_separate = api_of(runs[1], "queueing", "serve").latency_ms().mean();
  std::cout << "M/M/4: " << got_pooled << " ms (Erlang C " << pooled << "); 4 x M/M/1: "
            << got_separate << " ms (theory " << separate << ")\n";
  EXPECT_NEAR(got_pooled, pooled, 0.02 * pooled);
  EXPECT_NEAR(got_separate, separate, 0.02 * separate);
  for (const auto& r : runs) expect_all_checks_ok(r);
}

// Exact on any window, stable or not, long or short: the edges are counted.
TEST(LittlesLaw, HoldsOnEveryRunStableOrOverloaded) {
  for (double rate : {300.0, 700.0, 950.0, 1200.0}) {
    for (const char* duration : {"duration_s=3", "duration_s=300"}) {
      const auto r = run_one("scenarios/queueing/mm1.textproto",
                             {"clock=VIRTUAL", duration,
                              "queueing.workload[0].shape[0].constant.rate_per_s=" +
                                  std::to_string(rate)});
      EXPECT_EQ(service_of(r, "queueing/station").unstable(), rate > mu);
      bool found = false;
      for (const auto& c : r.checks())
        if (c.name().find("Little") != std::string::npos) {
          found = true;
          EXPECT_TRUE(c.ok()) << rate << "/s " << duration << ": " << c.detail();
        }
      EXPECT_TRUE(found);
    }
  }
}

TEST(RealClockFidelity, Mm1AtRho08WithinFifteenPercent) {
  const auto r = run_one("scenarios/queueing/mm1.textproto",
                         {"clock=REAL", "duration_s=20", "warmup_s=2"});
  const auto& l = api_of(r, "queueing", "serve").latency_ms();
  const double theory = 1e3 * queueing::mmc_mean_sojourn_s(1, 800, mu);
  std::cout << "real clock: mean " << l.mean() << " ms vs theory " << theory << " ms ("
            << 100 * (l.mean() - theory) / theory << " %); timer lateness p99 "
            << r.host().handler_lag_ms_p99() << " ms, arrival lateness p99 "
            << r.host().generator_lag_ms_p99() << " ms\n";
  EXPECT_NEAR(l.mean(), theory, 0.15 * theory);
  EXPECT_GT(r.host().handler_lag_ms_p99(), 0.0);  // the real clock is late, and says so
}

}  // namespace
}  // namespace sdsim::testing
