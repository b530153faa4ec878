// Service-time and latency distributions: sample moments and quantiles against the configured
// ones, the analytic mean and SCV the queueing formulas use, and what validation refuses.
#include "actors/core/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Records which fields validation complained about.
struct recording_validator : validator {
  std::vector<std::string> fields;
  std::vector<std::string> texts;
  void error(const google::protobuf::Message&, const std::string& field, const std::string& text,
             int) override {
    fields.push_back(field);
    texts.push_back(text);
  }
};

std::vector<double> draw(const distribution& d, int n, uint64_t seed) {
  rng r(seed);
  std::vector<double> v;
  v.reserve(n);
  for (int i = 0; i < n; ++i) v.push_back(static_cast<double>(d.sample(r)));
  return v;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double scv_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / static_cast<double>(v.size()) / (m * m);
}

// The empirical q-quantile (sorts a copy in part).
double quantile_of(std::vector<double> v, double q) {
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

Distribution lognormal_spec(double p50_ms, double p99_ms) {
  Distribution d;
  d.mutable_lognormal()->set_p50_ms(p50_ms);
  d.mutable_lognormal()->set_p99_ms(p99_ms);
  return d;
}

TEST(Distribution, UnsetIsZeroLatency) {
  distribution d;
  rng r(1);
  EXPECT_EQ(d.sample(r), 0);
  EXPECT_EQ(d.mean_ns(), 0);
  EXPECT_EQ(distribution{Distribution{}}.sample(r), 0);
}

TEST(Distribution, ConstantAlwaysGivesItsValue) {
  const auto d = distribution::constant_ms(2.5);
  rng r(1);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(d.sample(r), 2'500'000);
  EXPECT_DOUBLE_EQ(d.mean_ns(), 2.5e6);
  EXPECT_EQ(d.scv(), 0);
}

TEST(Distribution, UniformStaysInRangeWithMeanAndQuantiles) {
  Distribution spec;
  spec.mutable_uniform()->set_min_ms(2);
  spec.mutable_uniform()->set_max_ms(6);
  const distribution d{spec};
  const auto v = draw(d, 200'000, 2);
  for (double x : v) {
    ASSERT_GE(x, 2e6);
    ASSERT_LE(x, 6e6);
  }
  EXPECT_DOUBLE_EQ(d.mean_ns(), 4e6);
  EXPECT_NEAR(mean_of(v), 4e6, 0.01 * 4e6);
  EXPECT_NEAR(quantile_of(v, 0.25), 3e6, 0.01 * 3e6);
  EXPECT_NEAR(quantile_of(v, 0.9), 5.6e6, 0.01 * 5.6e6);
  // Variance (b - a)^2 / 12 over the mean squared: 16 / 12 / 16.
  EXPECT_NEAR(d.scv(), 1.0 / 12, 1e-12);
  EXPECT_NEAR(scv_of(v), d.scv(), 0.03 * d.scv());
}

TEST(Distribution, ExponentialMeanMedianAndScv) {
  const auto d = distribution::exponential_ms(3);
  const auto v = draw(d, 400'000, 3);
  EXPECT_DOUBLE_EQ(d.mean_ns(), 3e6);
  EXPECT_EQ(d.scv(), 1);
  EXPECT_NEAR(mean_of(v), 3e6, 0.01 * 3e6);
  EXPECT_NEAR(quantile_of(v, 0.5), 3e6 * std::log(2.0), 0.01 * 3e6 * std::log(2.0));
  EXPECT_NEAR(quantile_of(v, 0.99), 3e6 * std::log(100.0), 0.03 * 3e6 * std::log(100.0));
  EXPECT_NEAR(scv_of(v), 1, 0.03);
  for (double x : v) ASSERT_GE(x, 0);
}

TEST(Distribution, LognormalHitsItsConfiguredP50AndP99) {
  const distribution d{lognormal_spec(10, 100)};
  const auto v = draw(d, 1'000'000, 4);
  EXPECT_NEAR(quantile_of(v, 0.50), 10e6, 0.02 * 10e6);
  EXPECT_NEAR(quantile_of(v, 0.99), 100e6, 0.02 * 100e6);

  // sigma = ln(p99 / p50) / z_0.99; mean = p50 * exp(sigma^2 / 2); scv = exp(sigma^2) - 1.
  const double sigma = std::log(10.0) / 2.3263478740408408;
  EXPECT_NEAR(d.mean_ns(), 10e6 * std::exp(sigma * sigma / 2), 1.0);
  EXPECT_NEAR(d.scv(), std::exp(sigma * sigma) - 1, 1e-9);
  EXPECT_NEAR(mean_of(v), d.mean_ns(), 0.01 * d.mean_ns());
  for (double x : v) ASSERT_GT(x, 0);
}

TEST(Distribution, LognormalWithEqualQuantilesIsConstant) {
  const distribution d{lognormal_spec(7, 7)};
  rng r(5);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(d.sample(r), 7'000'000);
  EXPECT_NEAR(d.scv(), 0, 1e-12);
}

TEST(Distribution, SameSeedSameSamples) {
  const distribution d{lognormal_spec(1, 20)};
  EXPECT_EQ(draw(d, 1000, 9), draw(d, 1000, 9));
  EXPECT_NE(draw(d, 1000, 9), draw(d, 1000, 10));
}

TEST(Distribution, ValidateAcceptsEveryWellFormedKind) {
  Distribution c, u, e;
  c.mutable_constant()->set_ms(0);
  u.mutable_uniform()->set_min_ms(1);
  u.mutable_uniform()->set_max_ms(1);
  e.mutable_exponential()->set_mean_ms(0.5);
  for (const auto& spec : {c, u, e, lognormal_spec(1, 50)}) {
    recording_validator v;
    EXPECT_TRUE(distribution::validate(spec, v)) << spec.ShortDebugString();
    EXPECT_TRUE(v.fields.empty()) << spec.ShortDebugString();
  }
}

// Validates `spec`, expecting exactly one complaint, about `field`.
void expect_refused_at(const Distribution& spec, const std::string& field) {
  recording_validator v;
  EXPECT_FALSE(distribution::validate(spec, v)) << spec.ShortDebugString();
  ASSERT_EQ(v.fields.size(), 1u) << spec.ShortDebugString();
  EXPECT_EQ(v.fields[0], field) << spec.ShortDebugString();
}

TEST(Distribution, ValidateRefusesNegativeAndNonFiniteValues) {
  Distribution c;
  c.mutable_constant()->set_ms(-1);
  expect_refused_at(c, "ms");
  c.mutable_constant()->set_ms(nan);
  expect_refused_at(c, "ms");
  c.mutable_constant()->set_ms(std::numeric_limits<double>::infinity());
  expect_refused_at(c, "ms");

  Distribution u;
  u.mutable_uniform()->set_min_ms(-1);
  u.mutable_uniform()->set_max_ms(3);
  expect_refused_at(u, "min_ms");
  u.mutable_uniform()->set_min_ms(1);
  u.mutable_uniform()->set_max_ms(nan);
  expect_refused_at(u, "max_ms");
  u.mutable_uniform()->set_max_ms(0.5);  // max below min
  expect_refused_at(u, "max_ms");

  Distribution e;
  e.mutable_exponential()->set_mean_ms(-2);
  expect_refused_at(e, "mean_ms");
  e.mutable_exponential()->set_mean_ms(nan);
  expect_refused_at(e, "mean_ms");

  expect_refused_at(lognormal_spec(-1, 5), "p50_ms");
  {
    // A NaN p50 also fails the p99 >= p50 comparison; the first complaint is the NaN itself.
    recording_validator v;
    EXPECT_FALSE(distribution::validate(lognormal_spec(nan, 5), v));
    ASSERT_FALSE(v.fields.empty());
    EXPECT_EQ(v.fields[0], "p50_ms");
  }
  expect_refused_at(lognormal_spec(1, nan), "p99_ms");
}

TEST(Distribution, ValidateRefusesP99BelowP50) {
  expect_refused_at(lognormal_spec(10, 9.99), "p99_ms");
}

TEST(Distribution, ValidateRefusesExponentialMeanZero) {
  Distribution e;
  e.mutable_exponential()->set_mean_ms(0);
  expect_refused_at(e, "mean_ms");
}

TEST(Distribution, ValidateRefusesLognormalP50Zero) {
  // ln(0): the sampler would produce NaN.
  expect_refused_at(lognormal_spec(0, 5), "p50_ms");
}

TEST(Distribution, ValidateRefusesUnsetKindNamingTheChoices) {
  recording_validator v;
  EXPECT_FALSE(distribution::validate(Distribution{}, v));
  ASSERT_EQ(v.texts.size(), 1u);
  for (const char* kind : {"constant", "uniform", "exponential", "lognormal"})
    EXPECT_NE(v.texts[0].find(kind), std::string::npos) << v.texts[0];
}

}  // namespace
}  // namespace sdsim::core
