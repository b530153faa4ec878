// Batch-means confidence intervals: Student's t quantiles, degenerate inputs, and coverage of
// the true mean over many independent replications.
#include "actors/core/summary_stats.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "actors/core/rng.hpp"

namespace sdsim::core {
namespace {

TEST(SummaryStats, StudentT975MatchesTheTable) {
  EXPECT_EQ(student_t975(1), 12.706);
  EXPECT_EQ(student_t975(2), 4.303);
  EXPECT_EQ(student_t975(5), 2.571);
  EXPECT_EQ(student_t975(10), 2.228);
  EXPECT_EQ(student_t975(19), 2.093);
  EXPECT_EQ(student_t975(30), 2.042);
  // Beyond the table: close to the published values, tending to the normal's 1.960.
  EXPECT_NEAR(student_t975(40), 2.021, 0.002);
  EXPECT_NEAR(student_t975(60), 2.000, 0.002);
  EXPECT_NEAR(student_t975(120), 1.980, 0.002);
  EXPECT_NEAR(student_t975(100000), 1.960, 0.001);
  for (int df = 2; df < 200; ++df) EXPECT_LT(student_t975(df), student_t975(df - 1)) << df;
  EXPECT_EQ(student_t975(0), 0);
}

TEST(SummaryStats, ConstantDataHasZeroHalfWidth) {
  const std::vector<uint64_t> counts(60, 10);
  const std::vector<double> sums(60, 10 * 4.5e6);
  const auto ci = batch_means(counts, sums);
  EXPECT_DOUBLE_EQ(ci.mean, 4.5e6);
  EXPECT_EQ(ci.half_width, 0);
  EXPECT_EQ(ci.batches, 20);
}

TEST(SummaryStats, MeanWeighsEveryCompletion) {
  // 1 completion of 10 and 3 of 2: mean 4, not the mean of per-second means (6).
  const auto ci = batch_means({1, 3}, {10, 6});
  EXPECT_DOUBLE_EQ(ci.mean, 4);
}

TEST(SummaryStats, TooFewSecondsGiveNoInterval) {
  const auto none = batch_means({}, {});
  EXPECT_EQ(none.mean, 0);
  EXPECT_EQ(none.half_width, 0);
  EXPECT_EQ(none.batches, 0);

  const auto one = batch_means({5}, {50});
  EXPECT_EQ(one.mean, 10);
  EXPECT_EQ(one.half_width, 0);
  EXPECT_EQ(one.batches, 0);

  // Seconds without completions are skipped: one second with data is still too few.
  const auto sparse = batch_means({0, 4, 0, 0}, {0, 8, 0, 0});
  EXPECT_EQ(sparse.mean, 2);
  EXPECT_EQ(sparse.half_width, 0);

  const auto two = batch_means({1, 1}, {1, 3});
  EXPECT_EQ(two.batches, 2);
  EXPECT_GT(two.half_width, 0);
}

TEST(SummaryStats, BatchesAreCappedAndUseEverySecond) {
  std::vector<uint64_t> counts(45, 1);
  std::vector<double> sums(45, 1.0);
  sums[44] = 91;  // only the last second differs; it must land in a batch
  const auto ci = batch_means(counts, sums, 20);
  EXPECT_EQ(ci.batches, 20);
  EXPECT_DOUBLE_EQ(ci.mean, (44 + 91) / 45.0);
  EXPECT_GT(ci.half_width, 0);
  EXPECT_EQ(batch_means(counts, sums, 5).batches, 5);
}

TEST(SummaryStats, IntervalCoversTheTrueMeanAbout95PercentOfTheTime) {
  constexpr double true_mean = 50;
  constexpr int replications = 400, seconds = 100;
  rng r(31);
  int covered = 0;
  for (int rep = 0; rep < replications; ++rep) {
    std::vector<uint64_t> counts(seconds);
    std::vector<double> sums(seconds);
    for (int t = 0; t < seconds; ++t) {
      counts[t] = 5 + r.below(10);
      for (uint64_t k = 0; k < counts[t]; ++k) sums[t] += true_mean + 10 * r.normal();
    }
    const auto ci = batch_means(counts, sums);
    ASSERT_EQ(ci.batches, 20);
    ASSERT_GT(ci.half_width, 0);
    covered += std::fabs(ci.mean - true_mean) <= ci.half_width;
  }
  const double coverage = covered / static_cast<double>(replications);
  EXPECT_GE(coverage, 0.88);
  EXPECT_LE(coverage, 0.99);
}

}  // namespace
}  // namespace sdsim::core
