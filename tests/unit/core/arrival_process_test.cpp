// Arrival generation: Poisson counts and gaps, order and end, reproducibility, time-varying
// rates by thinning, evenly spaced arrivals, early stop and zero rates.
#include "actors/core/arrival_process.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

sdsim::RateShape constant(double rate) {
  sdsim::RateShape p;
  p.mutable_constant()->set_rate_per_s(rate);
  return p;
}

sdsim::RateShape ramp(double from, double to, double start_s, double for_s) {
  sdsim::RateShape p;
  auto* r = p.mutable_ramp();
  r->set_from_per_s(from);
  r->set_to_per_s(to);
  r->set_start_s(start_s);
  r->set_for_s(for_s);
  return p;
}

// Every arrival of `p` until it reports the end (bounded, so a bug cannot hang the test).
std::vector<sim_ns> drain(arrival_process& p, std::size_t limit = 10'000'000) {
  std::vector<sim_ns> out;
  while (auto t = p.next()) {
    out.push_back(*t);
    if (out.size() > limit) break;
  }
  return out;
}

std::vector<sim_ns> run(std::vector<sdsim::RateShape> parts, sdsim::ArrivalProcess kind,
                        uint64_t seed, double end_s) {
  arrival_process p(rate_shape(std::move(parts), 0), kind, rng(seed), from_s(end_s));
  return drain(p);
}

TEST(ArrivalProcess, PoissonCountAndGapsAtConstantRate) {
  constexpr double rate = 100, duration_s = 1000;
  const auto times = run({constant(rate)}, sdsim::POISSON, 1, duration_s);
  const double expected = rate * duration_s;
  EXPECT_NEAR(static_cast<double>(times.size()), expected, 3 * std::sqrt(expected));

  // Exponential gaps: mean 1 / rate and coefficient of variation 1.
  double sum = 0, sum_sq = 0;
  for (std::size_t i = 1; i < times.size(); ++i) {
    const double gap = to_s(static_cast<double>(times[i] - times[i - 1]));
    sum += gap;
    sum_sq += gap * gap;
  }
  const double n = static_cast<double>(times.size() - 1);
  const double mean = sum / n;
  const double cv = std::sqrt(sum_sq / n - mean * mean) / mean;
  EXPECT_NEAR(mean, 1 / rate, 0.01 / rate);
  EXPECT_NEAR(cv, 1, 0.02);
}

TEST(ArrivalProcess, TimesStrictlyIncreaseAndStayBeforeTheEnd) {
  const sim_ns end = from_s(200);
  for (auto kind : {sdsim::POISSON, sdsim::UNIFORM}) {
    arrival_process p(rate_shape({constant(300), ramp(0, 500, 50, 100)}, 0), kind, rng(2), end);
    const auto times = drain(p);
    ASSERT_FALSE(times.empty());
    EXPECT_GE(times.front(), 0);
    for (std::size_t i = 1; i < times.size(); ++i)
      ASSERT_LT(times[i - 1], times[i]) << "arrival " << i << ", kind " << kind;
    EXPECT_LT(times.back(), end);
    // Once ended, it stays ended.
    EXPECT_FALSE(p.next());
    EXPECT_FALSE(p.next());
  }
}

TEST(ArrivalProcess, SameSeedSameSequence) {
  const std::vector<sdsim::RateShape> shape{constant(50), ramp(0, 100, 10, 20)};
  const auto a = run(shape, sdsim::POISSON, 77, 60);
  const auto b = run(shape, sdsim::POISSON, 77, 60);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, run(shape, sdsim::POISSON, 78, 60));
}

TEST(ArrivalProcess, RampArrivalsPerWindowMatchTheExpectedCount) {
  // 0 -> 400 per second over the first 100 s, then flat for 20 s.
  const rate_shape shape({ramp(0, 400, 0, 100)}, 0);
  arrival_process p(shape, sdsim::POISSON, rng(3), from_s(120));
  const auto times = drain(p);
  constexpr double window_s = 10;
  for (double from = 0; from < 120; from += window_s) {
    const double to = from + window_s;
    const double expected = shape.expected_arrivals(to) - shape.expected_arrivals(from);
    const auto count = std::count_if(times.begin(), times.end(), [&](sim_ns t) {
      return t >= from_s(from) && t < from_s(to);
    });
    EXPECT_NEAR(static_cast<double>(count), expected, 4 * std::sqrt(expected) + 1)
        << "window [" << from << ", " << to << ")";
  }
  EXPECT_NEAR(static_cast<double>(times.size()), shape.expected_arrivals(120),
              4 * std::sqrt(shape.expected_arrivals(120)));
}

TEST(ArrivalProcess, UniformIsExactlyEvenlySpaced) {
  const auto times = run({constant(250)}, sdsim::UNIFORM, 4, 10);
  ASSERT_GE(times.size(), 2499u);
  ASSERT_LE(times.size(), 2500u);
  for (std::size_t i = 1; i < times.size(); ++i)
    ASSERT_EQ(times[i] - times[i - 1], 4 * ns_per_ms) << "gap " << i;
  EXPECT_LE(times.front(), 4 * ns_per_ms);
  // Evenly spaced arrivals do not depend on the seed.
  EXPECT_EQ(times, run({constant(250)}, sdsim::UNIFORM, 5, 10));
}

TEST(ArrivalProcess, StopAtCutsTheSequence) {
  arrival_process p(rate_shape({constant(100)}, 0), sdsim::POISSON, rng(6), from_s(100));
  std::vector<sim_ns> before;
  for (int i = 0; i < 50; ++i) before.push_back(*p.next());
  ASSERT_LT(before.back(), from_s(5));
  p.stop_at(from_s(5));
  const auto after = drain(p);
  ASSERT_FALSE(after.empty());
  EXPECT_GT(after.front(), before.back());
  EXPECT_LT(after.back(), from_s(5));
  // About 100 per second until the stop, not until the original end.
  EXPECT_NEAR(static_cast<double>(before.size() + after.size()), 500, 4 * std::sqrt(500.0));

  // stop_at never extends the end.
  arrival_process q(rate_shape({constant(100)}, 0), sdsim::UNIFORM, rng(6), from_s(1));
  q.stop_at(from_s(50));
  EXPECT_LT(drain(q).back(), from_s(1));
}

TEST(ArrivalProcess, StopInThePastEndsAtOnce) {
  arrival_process p(rate_shape({constant(100)}, 0), sdsim::POISSON, rng(7), from_s(100));
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(p.next());
  p.stop_at(from_s(1));
  EXPECT_FALSE(p.next());
}

TEST(ArrivalProcess, ZeroRateProducesNothingAndTerminates) {
  for (auto kind : {sdsim::POISSON, sdsim::UNIFORM}) {
    EXPECT_TRUE(run({constant(0)}, kind, 8, 1000).empty()) << kind;
    EXPECT_TRUE(run({}, kind, 8, 1000).empty()) << kind;
  }
}

TEST(ArrivalProcess, ArrivalsStartWhenTheRateDoes) {
  // Nothing for 30 s, then a step to 200 per second.
  for (auto kind : {sdsim::POISSON, sdsim::UNIFORM}) {
    const auto times = run({ramp(0, 200, 30, 0)}, kind, 9, 40);
    ASSERT_FALSE(times.empty()) << kind;
    EXPECT_GE(times.front(), from_s(30)) << kind;
    EXPECT_LT(times.front(), from_s(30.1)) << kind;
    EXPECT_NEAR(static_cast<double>(times.size()), 2000, 4 * std::sqrt(2000.0)) << kind;
  }
}

}  // namespace
}  // namespace sdsim::core
