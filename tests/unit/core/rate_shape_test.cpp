// Arrival-rate shapes: each component's rate over time, their sum and spikes, the bound that
// thinning relies on, and what validation refuses.
#include "actors/core/rate_shape.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "actors/core/model.pb.h"
#include "actors/core/rng.hpp"

namespace sdsim::core {
namespace {

constexpr double hour_s = 3600;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct recording_validator : validator {
  std::vector<std::string> fields;
  void error(const google::protobuf::Message&, const std::string& field, const std::string&,
             int) override {
    fields.push_back(field);
  }
};

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

sdsim::RateShape diurnal(double mean, double amplitude, double peak_hour) {
  sdsim::RateShape p;
  auto* d = p.mutable_diurnal();
  d->set_mean_per_s(mean);
  d->set_amplitude(amplitude);
  d->set_peak_hour(peak_hour);
  return p;
}

sdsim::RateShape spike(double at_s, double for_s, double factor) {
  sdsim::RateShape p;
  auto* s = p.mutable_spike();
  s->set_at_s(at_s);
  s->set_for_s(for_s);
  s->set_factor(factor);
  return p;
}

TEST(RateShape, EmptyShapeIsZero) {
  rate_shape s;
  EXPECT_EQ(s.rate(0), 0);
  EXPECT_EQ(s.rate(1000), 0);
  EXPECT_EQ(s.max_rate(0, 100), 0);
  EXPECT_EQ(s.expected_arrivals(10), 0);
}

TEST(RateShape, ConstantIsFlat) {
  rate_shape s({constant(250)}, 0);
  for (double t : {0.0, 0.5, 17.0, 86'399.0, 1e6}) EXPECT_EQ(s.rate(t), 250) << t;
  EXPECT_EQ(s.max_rate(3, 9), 250);
  EXPECT_NEAR(s.expected_arrivals(10), 2500, 1e-6);
}

TEST(RateShape, RampBeforeDuringAndAfter) {
  rate_shape s({ramp(10, 110, 5, 10)}, 0);
  EXPECT_EQ(s.rate(0), 10);
  EXPECT_EQ(s.rate(4.999), 10);
  EXPECT_DOUBLE_EQ(s.rate(5), 10);
  EXPECT_DOUBLE_EQ(s.rate(7.5), 35);
  EXPECT_DOUBLE_EQ(s.rate(10), 60);
  EXPECT_NEAR(s.rate(14.999), 109.99, 1e-9);
  EXPECT_EQ(s.rate(15), 110);
  EXPECT_EQ(s.rate(1000), 110);
  // Integral: 5 s at 10, 10 s averaging 60, then 5 s at 110.
  EXPECT_NEAR(s.expected_arrivals(20), 50 + 600 + 550, 0.01);
}

TEST(RateShape, DownwardRampAndZeroLengthRamp) {
  rate_shape down({ramp(100, 0, 0, 10)}, 0);
  EXPECT_DOUBLE_EQ(down.rate(2.5), 75);
  EXPECT_EQ(down.rate(11), 0);
  EXPECT_NEAR(down.expected_arrivals(10), 500, 0.01);

  rate_shape step({ramp(1, 9, 3, 0)}, 0);  // for_s 0: a step at start_s
  EXPECT_EQ(step.rate(2.99), 1);
  EXPECT_EQ(step.rate(3), 9);
}

TEST(RateShape, DiurnalPeaksAtPeakHourOfTheCalendarDay) {
  // Sim time 0 is 09:00; the peak is at 14:00, i.e. 5 h into the run, and the trough 12 h later.
  rate_shape s({diurnal(100, 0.5, 14)}, 9 * hour_s);
  EXPECT_NEAR(s.rate(5 * hour_s), 150, 1e-9);
  EXPECT_NEAR(s.rate(17 * hour_s), 50, 1e-9);
  EXPECT_NEAR(s.rate(29 * hour_s), 150, 1e-9);  // the next day
  EXPECT_NEAR(s.rate(11 * hour_s), 100, 1e-9);  // a quarter day away: the mean
  // The maximum over a day, scanned each minute, is at 14:00.
  double best_t = -1, best = -1;
  for (double t = 0; t < 24 * hour_s; t += 60) {
    if (s.rate(t) > best) {
      best = s.rate(t);
      best_t = t;
    }
  }
  EXPECT_EQ(best_t, 5 * hour_s);

  // Starting at midnight, the same component peaks 14 h in.
  rate_shape midnight({diurnal(100, 0.5, 14)}, 0);
  EXPECT_NEAR(midnight.rate(14 * hour_s), 150, 1e-9);
  EXPECT_LT(midnight.rate(5 * hour_s), 100);
}

TEST(RateShape, SpikeMultipliesOnlyInsideItsWindow) {
  rate_shape s({constant(100), spike(10, 5, 3)}, 0);
  EXPECT_EQ(s.rate(9.999), 100);
  EXPECT_EQ(s.rate(10), 300);
  EXPECT_EQ(s.rate(12), 300);
  EXPECT_EQ(s.rate(14.999), 300);
  EXPECT_EQ(s.rate(15), 100);
  EXPECT_NEAR(s.expected_arrivals(20), 100 * 15 + 300 * 5, 0.01);

  // A spike adds no rate of its own.
  rate_shape alone({spike(0, 100, 10)}, 0);
  EXPECT_EQ(alone.rate(5), 0);

  // Overlapping spikes multiply.
  rate_shape two({constant(10), spike(0, 10, 2), spike(5, 10, 3)}, 0);
  EXPECT_EQ(two.rate(2), 20);
  EXPECT_EQ(two.rate(7), 60);
  EXPECT_EQ(two.rate(12), 30);
}

TEST(RateShape, ComponentsAdd) {
  const double offset = 6 * hour_s;  // sim time 0 is 06:00
  rate_shape sum({constant(10), ramp(0, 100, 0, 10), diurnal(40, 1, 6)}, offset);
  rate_shape c({constant(10)}, offset), r({ramp(0, 100, 0, 10)}, offset),
      d({diurnal(40, 1, 6)}, offset);
  for (double t : {0.0, 3.0, 9.5, 100.0, 5 * hour_s, 13 * hour_s})
    EXPECT_NEAR(sum.rate(t), c.rate(t) + r.rate(t) + d.rate(t), 1e-9) << t;
  EXPECT_NEAR(sum.rate(0), 10 + 0 + 80, 1e-9);
  EXPECT_NEAR(sum.rate(5), 10 + 50 + 80, 1e-4);
}

TEST(RateShape, MaxRateBoundsRateOverRandomIntervals) {
  rate_shape s({constant(20), ramp(0, 300, 50, 100), ramp(200, 10, 120, 30), diurnal(80, 0.7, 3),
                spike(60, 20, 4), spike(140, 5, 0.5), spike(170, 10, 2.5)},
               2.5 * hour_s);
  rng r(21);
  for (int i = 0; i < 2000; ++i) {
    const double t0 = 250 * r.uniform();
    const double t1 = t0 + 5 * r.uniform();
    const double bound = s.max_rate(t0, t1);
    for (int k = 0; k <= 50; ++k) {
      const double t = t0 + (t1 - t0) * k / 50;
      ASSERT_LE(s.rate(t), bound) << "t " << t << " in [" << t0 << ", " << t1 << "]";
    }
  }
  // Intervals ending or starting exactly on a spike's edges.
  EXPECT_GE(s.max_rate(55, 60), s.rate(60));
  EXPECT_GE(s.max_rate(79.999, 85), s.rate(79.999));
}

TEST(RateShape, ValidateAcceptsWellFormedComponents) {
  for (const auto& p : {constant(0), ramp(0, 10, 0, 0), diurnal(5, 1, 0), diurnal(5, 0, 23.99),
                        spike(0, 0, 0)}) {
    recording_validator v;
    EXPECT_TRUE(rate_shape::validate(p, v)) << p.ShortDebugString();
    EXPECT_TRUE(v.fields.empty()) << p.ShortDebugString();
  }
}

void expect_refused_at(const sdsim::RateShape& p, const std::string& field) {
  recording_validator v;
  EXPECT_FALSE(rate_shape::validate(p, v)) << p.ShortDebugString();
  ASSERT_EQ(v.fields.size(), 1u) << p.ShortDebugString();
  EXPECT_EQ(v.fields[0], field) << p.ShortDebugString();
}

TEST(RateShape, ValidateRefusesNegativeRates) {
  expect_refused_at(constant(-1), "rate_per_s");
  expect_refused_at(ramp(-1, 10, 0, 1), "from_per_s");
  expect_refused_at(ramp(1, -10, 0, 1), "to_per_s");
  expect_refused_at(ramp(1, 10, -5, 1), "start_s");
  expect_refused_at(diurnal(-3, 0.5, 12), "mean_per_s");
  expect_refused_at(spike(0, 1, -2), "factor");
}

TEST(RateShape, ValidateRefusesAmplitudeAboveOne) {
  expect_refused_at(diurnal(10, 1.01, 12), "amplitude");
  expect_refused_at(diurnal(10, -0.1, 12), "amplitude");
}

TEST(RateShape, ValidateRefusesPeakHourOutsideTheDay) {
  expect_refused_at(diurnal(10, 0.5, 24), "peak_hour");
  expect_refused_at(diurnal(10, 0.5, -1), "peak_hour");
}

TEST(RateShape, ValidateRefusesNaN) {
  expect_refused_at(constant(nan), "rate_per_s");
  expect_refused_at(ramp(1, 2, 0, nan), "for_s");
  expect_refused_at(diurnal(10, nan, 12), "amplitude");
  expect_refused_at(diurnal(10, 0.5, nan), "peak_hour");
  expect_refused_at(spike(nan, 1, 2), "at_s");
  expect_refused_at(constant(std::numeric_limits<double>::infinity()), "rate_per_s");
}

TEST(RateShape, ValidateRefusesUnsetKind) {
  recording_validator v;
  EXPECT_FALSE(rate_shape::validate(sdsim::RateShape{}, v));
  EXPECT_EQ(v.fields.size(), 1u);
}

}  // namespace
}  // namespace sdsim::core
