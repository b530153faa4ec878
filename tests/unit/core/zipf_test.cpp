// Zipf ranks follow 1/k^s: frequencies of the first ranks against the exact probabilities.
#include "actors/core/zipf.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

void expect_matches_law(double s, uint64_t n) {
  zipf_sampler z(s);
  rng r(99);
  constexpr int draws = 400000;
  std::vector<int> counts(n + 1, 0);
  for (int i = 0; i < draws; ++i) {
    const auto k = z.sample(r, n);
    ASSERT_GE(k, 1u);
    ASSERT_LE(k, n);
    ++counts[k];
  }
  double norm = 0;
  for (uint64_t k = 1; k <= n; ++k) norm += std::pow(static_cast<double>(k), -s);
  for (uint64_t k : {1, 2, 3, 10}) {
    const double p = std::pow(static_cast<double>(k), -s) / norm;
    const double sigma = std::sqrt(draws * p * (1 - p));
    EXPECT_NEAR(counts[k], draws * p, 5 * sigma) << "s " << s << " rank " << k;
  }
}

TEST(Zipf, FollowsTheLawForClassicAndSkewedExponents) {
  expect_matches_law(1.0, 1000);
  expect_matches_law(0.8, 1000);
  expect_matches_law(1.5, 50);
}

TEST(Zipf, SingleKeyAndDeterminism) {
  zipf_sampler z(1.0);
  rng a(1), b(1);
  EXPECT_EQ(z.sample(a, 1), 1u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(z.sample(a, 1000), z.sample(b, 1000));
}

}  // namespace
}  // namespace sdsim::core
