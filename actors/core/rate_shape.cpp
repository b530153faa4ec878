// Evaluation and bounds of rate shapes.
#include "actors/core/rate_shape.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::core {
namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double day_s = 86400;

double ramp_rate(const RateShape::Ramp& r, double t) {
  if (t < r.start_s()) return r.from_per_s();
  if (r.for_s() <= 0 || t >= r.start_s() + r.for_s()) return r.to_per_s();
  const double f = (t - r.start_s()) / r.for_s();
  return r.from_per_s() + f * (r.to_per_s() - r.from_per_s());
}

bool finite_nonneg(double x) { return std::isfinite(x) && x >= 0; }

}  // namespace

rate_shape::rate_shape(std::vector<RateShape> parts, double day_offset_s)
    : parts_(std::move(parts)), day_offset_s_(day_offset_s) {}

double rate_shape::additive(double t) const {
  double sum = 0;
  for (const auto& p : parts_) {
    switch (p.kind_case()) {
      case RateShape::kConstant: sum += p.constant().rate_per_s(); break;
      case RateShape::kRamp: sum += ramp_rate(p.ramp(), t); break;
      case RateShape::kDiurnal: {
        const auto& d = p.diurnal();
        const double hour = std::fmod(day_offset_s_ + t, day_s) / 3600;
        sum += d.mean_per_s() * (1 + d.amplitude() * std::cos(2 * pi * (hour - d.peak_hour()) / 24));
        break;
      }
      default: break;
    }
  }
  return sum;
}

double rate_shape::spike_factor(double t) const {
  double f = 1;
  for (const auto& p : parts_)
    if (p.has_spike() && t >= p.spike().at_s() && t < p.spike().at_s() + p.spike().for_s())
      f *= p.spike().factor();
  return f;
}

double rate_shape::rate(double t_s) const {
  return std::max(0.0, additive(t_s) * spike_factor(t_s));
}

double rate_shape::max_rate(double t0, double t1) const {
  double sum = 0;
  double factor = 1;
  for (const auto& p : parts_) {
    switch (p.kind_case()) {
      case RateShape::kConstant: sum += p.constant().rate_per_s(); break;
      // A ramp is monotone between its ends, so its maximum over an interval is at an end.
      case RateShape::kRamp:
        sum += std::max(ramp_rate(p.ramp(), t0), ramp_rate(p.ramp(), t1));
        break;
      case RateShape::kDiurnal:
        sum += p.diurnal().mean_per_s() * (1 + std::fabs(p.diurnal().amplitude()));
        break;
      case RateShape::kSpike: {
        const auto& s = p.spike();
        if (t1 >= s.at_s() && t0 < s.at_s() + s.for_s()) factor *= std::max(1.0, s.factor());
        break;
      }
      default: break;
    }
  }
  return std::max(0.0, sum * factor);
}

double rate_shape::expected_arrivals(double t_s) const {
  // Midpoint rule on 1 ms steps: exact for constants and ramps up to rounding at the kinks.
  constexpr double step = 0.001;
  double total = 0;
  for (double t = 0; t < t_s; t += step) total += rate(t + std::min(step, t_s - t) / 2) *
                                                 std::min(step, t_s - t);
  return total;
}

bool rate_shape::validate(const RateShape& p, validator& v) {
  rule_check check(v);
  switch (p.kind_case()) {
    case RateShape::kConstant:
      check(finite_nonneg(p.constant().rate_per_s()), p.constant(), "rate_per_s",
            "rate_per_s must be finite and >= 0");
      break;
    case RateShape::kRamp: {
      const auto& r = p.ramp();
      check(finite_nonneg(r.from_per_s()), r, "from_per_s", "from_per_s must be finite and >= 0");
      check(finite_nonneg(r.to_per_s()), r, "to_per_s", "to_per_s must be finite and >= 0");
      check(finite_nonneg(r.start_s()), r, "start_s", "start_s must be finite and >= 0");
      check(finite_nonneg(r.for_s()), r, "for_s", "for_s must be finite and >= 0");
      break;
    }
    case RateShape::kDiurnal: {
      const auto& d = p.diurnal();
      check(finite_nonneg(d.mean_per_s()), d, "mean_per_s", "mean_per_s must be finite and >= 0");
      check(std::isfinite(d.amplitude()) && d.amplitude() >= 0 && d.amplitude() <= 1, d,
            "amplitude", "amplitude must be within [0, 1]");
      check(std::isfinite(d.peak_hour()) && d.peak_hour() >= 0 && d.peak_hour() < 24, d,
            "peak_hour", "peak_hour must be within [0, 24)");
      break;
    }
    case RateShape::kSpike: {
      const auto& s = p.spike();
      check(finite_nonneg(s.at_s()), s, "at_s", "at_s must be finite and >= 0");
      check(finite_nonneg(s.for_s()), s, "for_s", "for_s must be finite and >= 0");
      check(finite_nonneg(s.factor()), s, "factor", "factor must be finite and >= 0");
      break;
    }
    case RateShape::KIND_NOT_SET:
      check(false, p, "constant", "a rate shape needs one of constant, ramp, diurnal, spike");
      break;
  }
  return check.ok();
}

}  // namespace sdsim::core
